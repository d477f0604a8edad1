//! Learning dictionary entries from a spun text and the original it was copied from.
//!
//! The spun text is first repaired with the dictionary as it is; what the repair still
//! gets wrong is aligned word by word with the original ([`crate::align`]). Every
//! substitution of one to five words on each side becomes a candidate, unless it
//! touches a proper name, a figure or only punctuation, or overlaps an edit the
//! dictionary made. Candidates are grouped by artifact, counted, and given a guessed
//! [`Kind`]: `certain` when the artifact is not an English word or phrase (the caller
//! decides that, usually with a [`crate::Vocabulary`]), otherwise `contextual` (fenced
//! by the word that followed it, when it was seen once or always before the same word)
//! or `likely`.
//!
//! Every proposal is checked the way the dictionary tests check entries: it is
//! compiled with the dictionary, its example (a few words of the spun text around it)
//! must be repaired to the original wording by this very entry, its keep must stay
//! unchanged, and its replacement must not itself be an artifact. An entry that is not
//! certain needs a keep — a sentence where it must not fire. It is taken, honestly,
//! from the original text when the artifact occurs there as correct English (with a
//! fence that the occurrence does not pass); without one, the proposal is rendered
//! commented out, for a person to finish.
//!
//! ```
//! use unspin::learn::{learn, render, Options};
//! use unspin::{Config, Dictionary, Kind};
//!
//! let spun = "Tens of 1000's marched. Protests in the yr before were smaller.";
//! let original = "Tens of thousands marched. Protests in the year before were smaller.";
//! let english = |phrase: &str| !phrase.contains("1000") && phrase != "yr";
//! let found = learn(spun, original, &Dictionary::new(), Config::default(), &Options::default(), &english)?;
//! assert_eq!(found.len(), 2);
//! assert_eq!((found[0].artifact.as_str(), found[0].original.as_str(), found[0].kind), ("1000's", "thousands", Kind::Certain));
//! assert!(render(&found).contains("[certain.\"yr\"]\nto = \"year\"\n"));
//! # Ok::<(), unspin::Error>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::align::{align, tokenize, Tag, Token};
use crate::casing::match_case;
use crate::dict::{Dictionary, Kind, Pack};
use crate::error::Result;
use crate::repair::{Config, Gate, Repairer};
use crate::text::normalize_phrase;

/// The longest substitution learned, in words on either side.
pub const MAX_WORDS: usize = 5;
/// Words of context either side of an artifact in examples, keeps and snippets.
const RADIUS: usize = 6;

/// Settings of [`learn`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Propose only substitutions seen at least this often.
    pub min_count: usize,
    /// The name of the pack the entries will be added to: their examples are checked
    /// under that name (`pack:artifact`).
    pub pack: String,
}

impl Default for Options {
    fn default() -> Options {
        Options { min_count: 1, pack: "learned".to_owned() }
    }
}

/// One proposed dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The artifact, normalized (lowercase, single spaces, straight apostrophes).
    pub artifact: String,
    /// The original wording.
    pub original: String,
    /// The guessed kind.
    pub kind: Kind,
    /// How often the substitution was seen.
    pub count: usize,
    /// A few words of the (repaired) spun text around its first occurrence.
    pub context: String,
    /// For `contextual`: the words that must follow it.
    pub next: Vec<String>,
    /// A fence: words after which it must not fire.
    pub unless_prev: Vec<String>,
    /// A fence: words before which it must not fire.
    pub unless_next: Vec<String>,
    /// A sentence where it fires, and what it must become.
    pub example: Option<(String, String)>,
    /// A sentence where it must not fire.
    pub keep: Option<String>,
    /// Ready to use. When false, the entry is rendered commented out and `note` says
    /// what it lacks.
    pub active: bool,
    /// Remarks for the reader: other originals seen, why it is commented out.
    pub notes: Vec<String>,
}

/// One occurrence of a candidate substitution.
struct Seen {
    /// Token range in the repaired spun text.
    at: Range<usize>,
    original: String,
}

/// Propose entries for the substitutions between `spun` and `original` that `dict`
/// (with `config`) does not repair. `is_english` tells whether a word or phrase is
/// ordinary English; it decides between `certain` and the other kinds.
pub fn learn(
    spun: &str,
    original: &str,
    dict: &Dictionary,
    config: Config,
    options: &Options,
    is_english: &dyn Fn(&str) -> bool,
) -> Result<Vec<Proposal>> {
    let repair = Repairer::new(dict, config)?.repair(spun);
    let fixed = repair.apply(spun);
    // Where the dictionary's replacements sit in the repaired text.
    let mut edited = Vec::new();
    let mut shift = 0isize;
    for e in &repair.edits {
        let start = (e.span.start as isize + shift) as usize;
        edited.push(start..start + e.replacement.len());
        shift += e.replacement.len() as isize - e.span.len() as isize;
    }
    let (f, o) = (tokenize(&fixed), tokenize(original));
    let ops = align(&f, &o);
    let changed: Vec<Range<usize>> =
        ops.iter().filter(|op| op.tag != Tag::Equal).map(|op| op.a.clone()).collect();
    let known: HashSet<String> = dict.entries().flat_map(|e| e.forms()).map(|form| form.text).collect();

    // Candidates, grouped by artifact in order of first appearance.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<Seen>> = HashMap::new();
    for op in ops.iter().filter(|op| op.tag == Tag::Replace) {
        let (a, b) = (&f[op.a.clone()], &o[op.b.clone()]);
        if a.len() > MAX_WORDS || b.len() > MAX_WORDS || !learnable(a) || !learnable(b) {
            continue;
        }
        // Figures and names are for rules and gazetteers, not for entries.
        let has_digit = |t: &[Token]| t.iter().any(|t| t.text.chars().any(|c| c.is_ascii_digit()));
        let all_figures = a.iter().all(|t| !t.text.chars().any(char::is_alphabetic));
        if has_digit(b)
            || all_figures
            || is_name(&f, &fixed, op.a.clone())
            || is_name(&o, original, op.b.clone())
        {
            continue;
        }
        let span = f[op.a.start].span.start..f[op.a.end - 1].span.end;
        if edited.iter().any(|e| e.start < span.end && span.start < e.end) {
            continue;
        }
        let artifact = normalize_phrase(&fixed[span]);
        let mut orig = original[o[op.b.start].span.start..o[op.b.end - 1].span.end].to_owned();
        if sentence_start(&o, original, op.b.start) {
            orig = lower_first(&orig);
        }
        let orig = orig.split_whitespace().collect::<Vec<_>>().join(" ");
        if normalize_phrase(&orig) == artifact || known.contains(&artifact) {
            continue;
        }
        if !groups.contains_key(&artifact) {
            order.push(artifact.clone());
        }
        groups.entry(artifact).or_default().push(Seen { at: op.a.clone(), original: orig });
    }

    let mut proposals = Vec::new();
    for artifact in order {
        let seen = &groups[&artifact];
        // The most frequent original wins; others are noted.
        let mut tally: Vec<(&str, usize)> = Vec::new();
        for s in seen {
            match tally.iter_mut().find(|(o, _)| *o == s.original) {
                Some(t) => t.1 += 1,
                None => tally.push((&s.original, 1)),
            }
        }
        let (best, count) = tally.iter().fold(tally[0], |m, &t| if t.1 > m.1 { t } else { m });
        if count < options.min_count {
            continue;
        }
        let mine: Vec<&Seen> = seen.iter().filter(|s| s.original == best).collect();
        let first = mine[0];
        let win = window(&f, &fixed, first.at.clone(), &changed);
        let found = &fixed[f[first.at.start].span.start..f[first.at.end - 1].span.end];
        let input = &fixed[f[win.start].span.start..f[win.end - 1].span.end];
        let expected = {
            let (s, e) = (
                f[first.at.start].span.start - f[win.start].span.start,
                f[first.at.end - 1].span.end - f[win.start].span.start,
            );
            format!("{}{}{}", &input[..s], match_case(found, best), &input[e..])
        };
        let next_words: Vec<Option<String>> = mine.iter().map(|s| word_at(&f, s.at.end)).collect();
        let mut p = Proposal {
            artifact: artifact.clone(),
            original: best.to_owned(),
            kind: Kind::Certain,
            count,
            context: input.to_owned(),
            next: Vec::new(),
            unless_prev: Vec::new(),
            unless_next: Vec::new(),
            example: Some((input.to_owned(), expected)),
            keep: None,
            active: true,
            notes: tally
                .iter()
                .filter(|(o, _)| *o != best)
                .map(|(o, n)| format!("also seen as \"{o}\" ({n}x)"))
                .collect(),
        };
        if is_english(&artifact) {
            // Always before the same word (or seen once): fence it to that word.
            p.kind = match &next_words[0] {
                Some(w) if next_words.iter().all(|x| x.as_ref() == Some(w)) => {
                    p.next = vec![w.clone()];
                    Kind::Contextual
                }
                _ => Kind::Likely,
            };
            fence_with_keep(&mut p, &o, original, &next_words);
        }
        proposals.push(p);
    }
    validate(&mut proposals, dict, options)?;
    Ok(proposals)
}

/// Find a keep for a proposal that is not certain: an occurrence of the artifact in the
/// original text, where it was correct. A contextual entry must not fire there as it
/// is; a likely one gets a fence (the word after, or before, that occurrence) unless
/// that word also followed the artifact in the spun text.
fn fence_with_keep(p: &mut Proposal, o: &[Token], original: &str, spun_next: &[Option<String>]) {
    let want: Vec<String> = tokenize(&p.artifact).into_iter().map(|t| t.text.to_lowercase()).collect();
    let n = want.len();
    let spun_next: HashSet<&str> = spun_next.iter().flatten().map(String::as_str).collect();
    for i in (0..o.len().saturating_sub(n - 1))
        .filter(|&i| (0..n).all(|k| o[i + k].text.to_lowercase() == want[k]))
    {
        let at = i..i + n;
        let win = window(o, original, at.clone(), &[]);
        let keep = original[o[win.start].span.start..o[win.end - 1].span.end].to_owned();
        let (after, before) = (word_at(o, at.end), at.start.checked_sub(1).and_then(|j| word_at(o, j)));
        match p.kind {
            Kind::Contextual if after.as_ref() != p.next.first() => {}
            Kind::Likely if after.as_deref().is_some_and(|w| !spun_next.contains(w)) => {
                p.unless_next = vec![after.unwrap_or_default()];
            }
            Kind::Likely if before.is_some() => p.unless_prev = vec![before.unwrap_or_default()],
            _ => continue,
        }
        p.keep = Some(keep);
        return;
    }
    p.active = false;
    p.notes.push("needs a keep: a sentence where it must not fire (the original has none)".into());
}

/// Compile the active proposals with the dictionary and run their examples and keeps
/// as the dictionary tests do. A failing example of a certain entry is dropped; an
/// uncertain entry whose example or keep fails is commented out; an entry whose
/// replacement is itself an artifact is dropped. Repeats until nothing changes.
fn validate(proposals: &mut Vec<Proposal>, dict: &Dictionary, options: &Options) -> Result<()> {
    for _ in 0..8 {
        let active: Vec<Proposal> = proposals.iter().filter(|p| p.active).cloned().collect();
        if active.is_empty() {
            return Ok(());
        }
        let mut with = dict.clone();
        with.push(Pack::from_toml(&render_with_header(&active, &options.pack), "<learned>")?)?;
        let spun = Repairer::new(&with, Config { gate: Gate::AssumeSpun, ..Config::default() })?;
        let certain = Repairer::new(&with, Config { gate: Gate::OnlyCertain, ..Config::default() })?;
        let mut changed = false;
        let mut chains = HashSet::new();
        for p in proposals.iter_mut().filter(|p| p.active) {
            let id = format!("{}:{}", options.pack, p.artifact);
            if !certain.repair(&p.original).edits.is_empty() {
                chains.insert(p.artifact.clone());
                changed = true;
                continue;
            }
            if let Some((input, expected)) = &p.example {
                let repair = spun.repair(input);
                let got = repair.apply(input);
                if &got != expected || !repair.edits.iter().any(|e| e.entry == id) {
                    if p.kind == Kind::Certain {
                        p.example = None;
                    } else {
                        p.active = false;
                        p.notes.push(format!("its example does not round-trip: got \"{got}\""));
                    }
                    changed = true;
                }
            }
            if let Some(keep) = &p.keep {
                let repair = spun.repair(keep);
                if repair.edits.iter().any(|e| e.entry == id) {
                    p.active = false;
                    p.notes.push(format!("fires in its keep: \"{}\"", repair.apply(keep)));
                    changed = true;
                }
            }
        }
        proposals.retain(|p| !chains.contains(&p.artifact));
        if !changed {
            return Ok(());
        }
    }
    Ok(())
}

/// Words, possibly joined by hyphens; no other punctuation.
fn learnable(tokens: &[Token]) -> bool {
    !tokens.is_empty()
        && tokens.first().is_some_and(Token::is_word)
        && tokens.last().is_some_and(Token::is_word)
        && tokens.iter().all(|t| t.is_word() || t.text == "-")
}

/// Does token `i` start a sentence (or a line, or a quotation)?
fn sentence_start(tokens: &[Token], text: &str, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|j| &tokens[j]) else { return true };
    matches!(prev.text.as_str(), "." | "!" | "?" | ":" | "\"" | "“" | "‘" | "'" | "(" | "—" | "–")
        || text[prev.span.end..tokens[i].span.start].contains('\n')
}

/// Is a capitalized word in `range` not explained by the start of a sentence?
fn is_name(tokens: &[Token], text: &str, range: Range<usize>) -> bool {
    range.clone().any(|i| {
        tokens[i].text.chars().next().is_some_and(char::is_uppercase)
            && (i != range.start || !sentence_start(tokens, text, i))
            && tokens[i].text != "I"
    })
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The word at token `i`, lowercased, if it is a word.
fn word_at(tokens: &[Token], i: usize) -> Option<String> {
    tokens.get(i).filter(|t| t.is_word()).map(|t| t.text.to_lowercase())
}

/// Tokens around `at`: up to [`RADIUS`] words either side, within its sentence, outside
/// quotations marks and clear of the `blocked` ranges (other differences).
fn window(tokens: &[Token], text: &str, at: Range<usize>, blocked: &[Range<usize>]) -> Range<usize> {
    let stops =
        |t: &Token| matches!(t.text.as_str(), "." | "!" | "?" | "\"" | "“" | "”" | "‘" | ";" | "(" | ")");
    let free = |i: usize| !blocked.iter().any(|b| b.contains(&i)) && !stops(&tokens[i]);
    let (mut start, mut end) = (at.start, at.end);
    while start > 0
        && at.start - start < RADIUS
        && free(start - 1)
        && !text[tokens[start - 1].span.end..tokens[start].span.start].contains('\n')
    {
        start -= 1;
    }
    while end < tokens.len()
        && end - at.end < RADIUS
        && free(end)
        && !text[tokens[end - 1].span.end..tokens[end].span.start].contains('\n')
    {
        end += 1;
    }
    // Trim punctuation at the edges (a dangling comma reads badly).
    while start < at.start && !tokens[start].is_word() {
        start += 1;
    }
    while end > at.end && !tokens[end - 1].is_word() {
        end -= 1;
    }
    start..end
}

/// A TOML string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A TOML key, always as a basic string so that the line finder of the loader sees it.
fn quote_key(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "))
}

impl Proposal {
    /// The entry as TOML: comments (count, context, notes), then a table of its own,
    /// `[kind."artifact"]`, so that it can be appended to any pack. Inactive proposals
    /// come commented out.
    pub fn to_toml(&self) -> String {
        let mut head = format!(
            "# {} -> {}: seen {} time{}, {} (a guess)\n# context: {}\n",
            quote(&self.artifact),
            quote(&self.original),
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.kind,
            quote(&self.context)
        );
        for n in &self.notes {
            head.push_str(&format!("# {n}\n"));
        }
        let mut body =
            format!("[{}.{}]\nto = {}\n", self.kind, quote_key(&self.artifact), quote(&self.original));
        for (field, words) in
            [("next", &self.next), ("unless_prev", &self.unless_prev), ("unless_next", &self.unless_next)]
        {
            if !words.is_empty() {
                body.push_str(&format!("{field} = {}\n", list(words)));
            }
        }
        if let Some((input, expected)) = &self.example {
            body.push_str(&format!("examples = [[{}, {}]]\n", quote(input), quote(expected)));
        }
        if let Some(keep) = &self.keep {
            body.push_str(&format!("keeps = [{}]\n", quote(keep)));
        }
        body.push_str("note = \"learned from a spun copy and its original\"\n");
        if !self.active {
            body = body.lines().map(|l| format!("# {l}\n")).collect();
        }
        head + &body
    }
}

/// Every proposal as TOML, ready to append to a pack; a blank line between entries.
pub fn render(proposals: &[Proposal]) -> String {
    proposals.iter().map(Proposal::to_toml).collect::<Vec<_>>().join("\n")
}

/// A whole pack file named `name` holding `proposals`.
pub fn render_with_header(proposals: &[Proposal], name: &str) -> String {
    format!("{}\n{}", header(name), render(proposals))
}

/// The `[pack]` header of a new file of learned entries.
pub fn header(name: &str) -> String {
    format!(
        "[pack]\nname = {}\ndescription = \"Entries learned with `unspin learn` from spun copies and their originals.\"\nsource = \"unspin learn\"\nlicense = \"as the texts they were learned from\"\n",
        quote(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPUN: &str = "Tens of 1000's got here to the capital on Sunday. Officials stated that the yr had been hard. \
                        Police stated the march was calm, and a spokesman stated nothing more. In the yr ahead, \
                        Maria Lopez will lead the group.";
    const ORIGINAL: &str = "Tens of thousands came to the capital on Sunday. Officials said that the year had been hard. \
                            Police said the march was calm, and a spokesman said nothing more. In the year ahead, \
                            Maria Lopes will lead the group.";

    fn english(p: &str) -> bool {
        !["1000's", "yr"].contains(&p) && !p.contains("got here")
    }

    fn dict(src: &str) -> Dictionary {
        let mut d = Dictionary::new();
        d.push(Pack::from_toml(src, "test.toml").unwrap()).unwrap();
        d
    }

    fn propose(d: &Dictionary) -> Vec<Proposal> {
        learn(SPUN, ORIGINAL, d, Config::default(), &Options::default(), &english).unwrap()
    }

    #[test]
    fn proposes_what_the_dictionary_lacks() {
        let d = dict("[certain]\n\"1000's\" = \"thousands\"\n");
        let p = propose(&d);
        let got: Vec<(&str, &str, Kind, usize)> =
            p.iter().map(|p| (p.artifact.as_str(), p.original.as_str(), p.kind, p.count)).collect();
        // "Lopez"/"Lopes" is a name: not proposed. "1000's" is covered.
        assert_eq!(
            got,
            [
                ("got here", "came", Kind::Certain, 1),
                ("stated", "said", Kind::Likely, 3),
                ("yr", "year", Kind::Certain, 2)
            ]
        );
        // The certain ones carry an example that the entry itself repairs.
        let yr = &p[2];
        assert!(yr.active);
        // The example stops short of "stated", another difference.
        assert_eq!(yr.example.as_ref().unwrap().0, "that the yr had been hard");
        assert_eq!(yr.example.as_ref().unwrap().1, "that the year had been hard");
        // "stated" is English and the original never uses it: no honest keep, so it is
        // proposed commented out.
        assert!(!p[1].active);
        assert!(p[1].to_toml().contains("# [likely.\"stated\"]"));
    }

    #[test]
    fn rendered_proposals_load_and_repair() {
        let d = dict("[certain]\n\"1000's\" = \"thousands\"\n");
        let p = propose(&d);
        let pack = Pack::from_toml(&render_with_header(&p, "mine"), "mine.toml").unwrap();
        let keys: Vec<&str> = pack.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["got here", "yr"]);
        let mut d = d;
        d.push(pack).unwrap();
        let r = Repairer::new(&d, Config::default()).unwrap();
        assert_eq!(
            r.fix("Tens of 1000's got here in the yr of the storm."),
            "Tens of thousands came in the year of the storm."
        );
    }

    #[test]
    fn nothing_to_learn_when_the_dictionary_covers_it() {
        let d = dict("[certain]\n\"1000's\" = \"thousands\"\n\"got here\" = \"came\"\nyr = \"year\"\n[likely]\nstated = { to = \"said\", examples = [[\"He stated it.\", \"He said it.\"]], keeps = [\"x\"] }\n");
        assert_eq!(propose(&d), []);
    }

    #[test]
    fn min_count_filters() {
        let d = dict("[certain]\n\"1000's\" = \"thousands\"\n");
        let p = learn(
            SPUN,
            ORIGINAL,
            &d,
            Config::default(),
            &Options { min_count: 2, ..Options::default() },
            &english,
        )
        .unwrap();
        let keys: Vec<&str> = p.iter().map(|p| p.artifact.as_str()).collect();
        assert_eq!(keys, ["stated", "yr"]);
    }

    #[test]
    fn keep_comes_from_the_original_with_a_fence() {
        // "mentioned" is English and the original uses it correctly once ("mentioned in
        // passing"): that sentence is the keep, and the word after it the fence.
        let spun = "The minister mentioned that taxes would rise. The plan was mentioned in passing.";
        let original = "The minister said that taxes would rise. The plan was mentioned in passing.";
        let p = learn(spun, original, &Dictionary::new(), Config::default(), &Options::default(), &|_| true)
            .unwrap();
        assert_eq!(p.len(), 1);
        let m = &p[0];
        assert_eq!(
            (m.artifact.as_str(), m.original.as_str(), m.kind),
            ("mentioned", "said", Kind::Contextual)
        );
        assert_eq!(m.next, ["that"]);
        assert_eq!(m.keep.as_deref(), Some("The plan was mentioned in passing"));
        assert!(m.active, "{:?}", m.notes);
        let pack = Pack::from_toml(&render_with_header(&p, "learned"), "l.toml").unwrap();
        assert_eq!(pack.entries[0].keeps, ["The plan was mentioned in passing"]);
    }

    #[test]
    fn replacement_that_is_an_artifact_is_not_proposed() {
        // The dictionary says "yr" is an artifact; a spun "twelvemonth" for an original
        // "yr" must not become an entry whose replacement the dictionary would undo.
        let d = dict("[certain]\nyr = \"year\"\n");
        let p = learn(
            "It rained all twelvemonth long.",
            "It rained all yr long.",
            &d,
            Config::default(),
            &Options::default(),
            &|_| false,
        )
        .unwrap();
        assert_eq!(p, []);
    }

    #[test]
    fn names_figures_and_punctuation_are_skipped() {
        let spun = "Ann Smyth paid 5 dollars ; then left.";
        let original = "Ann Smith paid 6 dollars , then left.";
        let p = learn(spun, original, &Dictionary::new(), Config::default(), &Options::default(), &|_| false)
            .unwrap();
        assert_eq!(p, []);
    }
}
