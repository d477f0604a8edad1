//! Dictionaries: the TOML schema, loading, validation and expansion into surface forms.
//!
//! A [`Pack`] is one TOML file (see `docs/dictionary.md`); a [`Dictionary`] is a stack
//! of packs, later ones overriding earlier ones form by form, so that a user file given
//! with `--dict` can redefine or extend the embedded packs.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, OnceLock};

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::error::{Conflict, Error, Location, Result};
use crate::inflect::{plural, verb_forms, VerbSlot};
use crate::text::{normalize_phrase, pack16, Words};

/// The packs compiled into the binary: (file name, TOML source).
/// Several files may make up one pack (the same `[pack] name`): selection is by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("news.toml", include_str!("../dictionaries/news.toml")),
    ("news-world.toml", include_str!("../dictionaries/news-world.toml")),
    ("news-life.toml", include_str!("../dictionaries/news-life.toml")),
    ("news-general.toml", include_str!("../dictionaries/news-general.toml")),
    ("science.toml", include_str!("../dictionaries/science.toml")),
    ("science-life.toml", include_str!("../dictionaries/science-life.toml")),
];

/// How sure an entry is that its artifact is spinner damage. The section of the TOML
/// file an entry sits in is its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Never correct English: applied everywhere.
    Certain,
    /// Correct English that in spun text is nearly always an artifact: applied only in
    /// documents that look spun, and not inside quotations by default.
    Likely,
    /// Right only next to certain words: gated like `Likely`, and only where its
    /// conditions hold.
    Contextual,
}

impl Kind {
    /// The name used in TOML sections and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Certain => "certain",
            Kind::Likely => "likely",
            Kind::Contextual => "contextual",
        }
    }

    /// A rough probability that an edit of this kind is right, for ranking and display.
    pub fn confidence(self) -> f64 {
        match self {
            Kind::Certain => 0.99,
            Kind::Contextual => 0.9,
            Kind::Likely => 0.8,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which word of an entry is inflected, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Inflect {
    /// The first word of both sides is a verb: base, -s, -ing, past, participle.
    Verb,
    /// The last word of both sides is a noun: singular and plural.
    Noun,
}

/// A list of words or phrases, lowercased, each split into words, indexed so that
/// a lookup costs one hash probe per candidate length rather than a scan of the list.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    index: Arc<WordIndex>,
    /// The number of phrases and the longest one's words, kept beside the pointer: most
    /// entries leave most of their six lists empty, and asking through the pointer cost
    /// a cache miss per list on every hit judged.
    len: usize,
    longest: usize,
    /// Bit `n` set when some phrase has `n` words (when all have fewer than 64; else the
    /// index's list is read).
    lengths: u64,
    /// Two bits per phrase (see [`bloom_bits`]), forwards and with its words reversed:
    /// most lookups are of words a list does not hold, and these turn nearly all of
    /// them down without reading the index. All ones when a phrase is too long to pack.
    forward_bloom: u64,
    backward_bloom: u64,
}

/// The two bits a packed phrase sets in a word list's filter.
#[inline]
fn bloom_bits(packed: u128) -> u64 {
    let h = ((packed as u64) ^ ((packed >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (1 << (h >> 58)) | (1 << ((h >> 52) & 63))
}

#[derive(Debug, Default)]
struct WordIndex {
    phrases: Vec<Vec<String>>,
    /// Every phrase, its words joined by single spaces: looked up by a slice of a
    /// [`Words`] buffer, without allocating.
    forward: PhraseSet,
    /// Every phrase with its words reversed, for looking backwards from a point.
    backward: PhraseSet,
    /// The distinct phrase lengths, in words.
    lengths: Vec<usize>,
}

/// Phrases joined by spaces. Those of up to sixteen bytes (nearly all: most lists are
/// single words) are packed into integers as the matcher packs words, so a lookup
/// hashes and compares one `u128`.
#[derive(Debug, Default)]
struct PhraseSet {
    short: FxHashSet<u128>,
    long: FxHashSet<String>,
}

impl PhraseSet {
    fn insert(&mut self, phrase: String) {
        match pack16(phrase.as_bytes()) {
            Some(packed) => self.short.insert(packed),
            None => self.long.insert(phrase),
        };
    }

    /// Does the set hold the phrase that packs to `packed` (`None` if too long to
    /// pack; then `phrase` spells it out)? `bloom` is the set's filter: a phrase whose
    /// bits it lacks is not looked up.
    #[inline]
    fn holds<'a>(&self, bloom: u64, packed: Option<u128>, phrase: impl FnOnce() -> &'a str) -> bool {
        match packed {
            Some(packed) => {
                let bits = bloom_bits(packed);
                bloom & bits == bits && self.short.contains(&packed)
            }
            None => !self.long.is_empty() && self.long.contains(phrase()),
        }
    }

    /// Does the set hold run `i..i + n` of `words`?
    #[inline]
    fn holds_run(&self, bloom: u64, words: &Words, i: usize, n: usize) -> bool {
        words
            .run_packed(i, n)
            .is_some_and(|packed| self.holds(bloom, packed, || words.run(i, n).unwrap_or_default()))
    }
}

impl WordList {
    /// Index `phrases`. Clones share the index: a class used by hundreds of entries
    /// is indexed once.
    pub fn new(phrases: Vec<Vec<String>>) -> WordList {
        let mut forward = PhraseSet::default();
        let mut backward = PhraseSet::default();
        let (mut forward_bloom, mut backward_bloom) = (0, 0);
        for p in &phrases {
            let (there, back) =
                (p.join(" "), p.iter().rev().map(String::as_str).collect::<Vec<_>>().join(" "));
            forward_bloom |= pack16(there.as_bytes()).map_or(u64::MAX, bloom_bits);
            backward_bloom |= pack16(back.as_bytes()).map_or(u64::MAX, bloom_bits);
            forward.insert(there);
            backward.insert(back);
        }
        let mut lengths: Vec<usize> = phrases.iter().map(Vec::len).collect();
        lengths.sort_unstable();
        lengths.dedup();
        let (len, longest) = (phrases.len(), lengths.last().copied().unwrap_or(0));
        let bits = if longest < 64 { lengths.iter().fold(0, |bits, &n| bits | 1 << n) } else { 0 };
        WordList {
            index: Arc::new(WordIndex { phrases, forward, backward, lengths }),
            len,
            longest,
            lengths: bits,
            forward_bloom,
            backward_bloom,
        }
    }

    /// The phrases, each as its words.
    pub fn phrases(&self) -> &[Vec<String>] {
        &self.index.phrases
    }

    /// True if the list has no phrases.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The length in words of the longest phrase.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Is `f` true for the length (in words) of some phrase?
    #[inline]
    fn any_length(&self, mut f: impl FnMut(usize) -> bool) -> bool {
        if self.longest >= 64 {
            return self.index.lengths.iter().any(|&n| f(n));
        }
        let mut bits = self.lengths;
        while bits != 0 {
            if f(bits.trailing_zeros() as usize) {
                return true;
            }
            bits &= bits - 1;
        }
        false
    }

    /// Do `words` (in reading order) start with one of the phrases?
    pub fn starts(&self, words: &Words) -> bool {
        if self.len == 0 {
            return false;
        }
        let w = &*self.index;
        self.any_length(|n| w.forward.holds_run(self.forward_bloom, words, 0, n))
    }

    /// Do the words before a point, nearest first, end with one of the phrases?
    pub fn ends_reversed(&self, nearest_first: &Words) -> bool {
        if self.len == 0 {
            return false;
        }
        let w = &*self.index;
        self.any_length(|n| w.backward.holds_run(self.backward_bloom, nearest_first, 0, n))
    }

    /// Does one of the phrases occur anywhere in `words`?
    pub fn within(&self, words: &Words) -> bool {
        if self.len == 0 {
            return false;
        }
        let w = &*self.index;
        self.any_length(|n| (0..words.len()).any(|i| w.forward.holds_run(self.forward_bloom, words, i, n)))
    }
}

/// A context regex, checked for syntax when the dictionary loads and compiled the
/// first time a text needs it: most runs touch few of them, and compiling them all
/// would dominate start-up. Clones share the compiled regex.
#[derive(Debug, Clone)]
pub struct LazyRegex(Arc<(String, OnceLock<Option<Regex>>, u64)>);

/// Numbers for [`LazyRegex`]es, never reused: the key of each thread's own copies.
static REGEX_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl LazyRegex {
    /// Check `pattern`'s syntax; compile it later.
    pub fn new(pattern: &str) -> std::result::Result<LazyRegex, String> {
        // The syntax tree only: translating Unicode classes costs as much as compiling.
        regex_syntax::ast::parse::Parser::new().parse(pattern).map_err(|e| e.to_string())?;
        let id = REGEX_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(LazyRegex(Arc::new((pattern.to_owned(), OnceLock::new(), id))))
    }

    /// Compile now and report any error (for `unspin dict check`).
    pub fn check(&self) -> std::result::Result<(), String> {
        Regex::new(self.as_str()).map(|_| ()).map_err(|e| e.to_string())
    }

    /// The pattern as written (with the anchor the loader added).
    pub fn as_str(&self) -> &str {
        &self.0 .0
    }

    /// Does the regex match `text`? `None` if it parsed but cannot be compiled (say,
    /// it exceeds the size limit): callers then take the safe side and do not fire.
    pub fn matches(&self, text: &str) -> Option<bool> {
        thread_local! {
            /// This thread's copy of each regex it has used. A `Regex` keeps its search
            /// caches in a pool whose fast path belongs to the first thread that used it;
            /// every other thread took a lock per search, and on two threads that lock
            /// cost more than the searches. A copy is cheap (the compiled program is
            /// shared) and comes with a pool of its own.
            static COPIES: std::cell::RefCell<FxHashMap<u64, Regex>> = Default::default();
        }
        let compiled = self.0 .1.get_or_init(|| Regex::new(&self.0 .0).ok()).as_ref()?;
        Some(COPIES.with(|copies| {
            let mut copies = copies.borrow_mut();
            if copies.len() >= 4096 {
                copies.clear(); // dictionaries come and go in a long-lived process
            }
            copies.entry(self.0 .2).or_insert_with(|| compiled.clone()).is_match(text)
        }))
    }
}

/// The conditions that license a `contextual` entry (or fence any entry).
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    /// One of these must come just before the artifact.
    pub prev: WordList,
    /// One of these must come just after the artifact.
    pub next: WordList,
    /// None of these may come just before.
    pub unless_prev: WordList,
    /// None of these may come just after.
    pub unless_next: WordList,
    /// One of these must occur within [`NEAR_WORDS`] words.
    pub near: WordList,
    /// None of these may occur within [`NEAR_WORDS`] words.
    pub unless_near: WordList,
    /// Must match the text before the artifact (anchored at its end).
    pub prev_re: Option<LazyRegex>,
    /// Must match the text after the artifact (anchored at its start).
    pub next_re: Option<LazyRegex>,
    /// Must not match the text before.
    pub unless_prev_re: Option<LazyRegex>,
    /// Must not match the text after.
    pub unless_next_re: Option<LazyRegex>,
}

/// How many words either side `near` looks at.
pub const NEAR_WORDS: usize = 10;

impl Conditions {
    /// True when the entry has at least one positive condition (what makes it contextual).
    pub fn has_positive(&self) -> bool {
        !self.prev.is_empty()
            || !self.next.is_empty()
            || !self.near.is_empty()
            || self.prev_re.is_some()
            || self.next_re.is_some()
    }
}

/// One dictionary entry: an artifact phrase and the original it stands for.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The pack it comes from.
    pub pack: String,
    /// The artifact as written in the file (normalized: lowercase, single spaces).
    pub key: String,
    /// The original wording.
    pub to: String,
    /// The section it sits in.
    pub kind: Kind,
    /// Whether one entry stands for all forms of a verb or noun.
    pub inflect: Option<Inflect>,
    /// Context that licenses or vetoes it.
    pub conditions: Conditions,
    /// Sentences where it fires: (input, expected output).
    pub examples: Vec<(String, String)>,
    /// Sentences where it must not fire.
    pub keeps: Vec<String>,
    /// Why it exists.
    pub note: Option<String>,
    /// Where it is defined.
    pub at: Location,
}

/// One spelling an entry matches, with what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Normalized artifact spelling ("became a member of").
    pub text: String,
    /// Replacement ("joined").
    pub replacement: String,
    /// Replacement to use after a form of "have", when it differs ("has become a
    /// member of" → "has joined", not "has join").
    pub after_have: Option<String>,
}

impl Entry {
    /// Every surface form this entry stands for.
    pub fn forms(&self) -> Vec<Form> {
        match self.inflect {
            None => vec![Form { text: self.key.clone(), replacement: self.to.clone(), after_have: None }],
            Some(Inflect::Noun) => {
                let mut out =
                    vec![Form { text: self.key.clone(), replacement: self.to.clone(), after_have: None }];
                let (k, t) = (replace_last(&self.key, plural), replace_last(&self.to, plural));
                if k != self.key {
                    out.push(Form { text: k, replacement: t, after_have: None });
                }
                out
            }
            Some(Inflect::Verb) => {
                let (kh, krest) = split_first(&self.key);
                let (th, trest) = split_first(&self.to);
                let (kf, tf) = (verb_forms(kh), verb_forms(&th.to_lowercase()));
                let mut out: Vec<Form> = Vec::new();
                let with = |head: &str, rest: &str| format!("{head}{rest}");
                for slot in VerbSlot::ALL {
                    let replacement = with(&case_like(th, tf.preferred(slot)), trest);
                    for spelling in kf.get(slot) {
                        let text = with(spelling, krest);
                        if let Some(existing) = out.iter_mut().find(|f| f.text == text) {
                            // Same spelling in two slots: the later slot is the participle
                            // ("become", "got"); keep it as the after-"have" reading.
                            if slot == VerbSlot::Participle && existing.replacement != replacement {
                                existing.after_have = Some(replacement.clone());
                            }
                            continue;
                        }
                        out.push(Form { text, replacement: replacement.clone(), after_have: None });
                    }
                }
                out
            }
        }
    }
}

fn split_first(s: &str) -> (&str, &str) {
    match s.find(' ') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

fn replace_last(s: &str, f: impl Fn(&str) -> String) -> String {
    match s.rfind(' ') {
        Some(i) => format!("{}{}", &s[..=i], case_like(&s[i + 1..], &f(&s[i + 1..].to_lowercase()))),
        None => case_like(s, &f(&s.to_lowercase())),
    }
}

/// Give `word` the capitalisation of `model` (the replacement side may be "White House").
fn case_like(model: &str, word: &str) -> String {
    if model.chars().next().is_some_and(char::is_uppercase) {
        crate::casing::capitalize(word)
    } else {
        word.to_owned()
    }
}

/// One pack: a TOML file of entries.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The pack's name (`[pack] name`, or the file stem).
    pub name: String,
    /// What it covers.
    pub description: String,
    /// Where its entries come from.
    pub source: String,
    /// Licence of its data.
    pub license: String,
    /// Word classes usable as `@name` in word lists.
    pub classes: BTreeMap<String, Vec<String>>,
    /// Its entries, in key order within each kind.
    pub entries: Vec<Entry>,
    /// Its `[ignore]` rules: findings not to propose again.
    pub ignore: Vec<crate::ignore::Ignore>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: Option<RawHeader>,
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    certain: BTreeMap<String, toml::Value>,
    #[serde(default)]
    likely: BTreeMap<String, toml::Value>,
    #[serde(default)]
    contextual: BTreeMap<String, toml::Value>,
    #[serde(default)]
    ignore: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    license: String,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    to: String,
    inflect: Option<Inflect>,
    #[serde(default)]
    prev: Vec<String>,
    #[serde(default)]
    next: Vec<String>,
    #[serde(default)]
    unless_prev: Vec<String>,
    #[serde(default)]
    unless_next: Vec<String>,
    #[serde(default)]
    near: Vec<String>,
    #[serde(default)]
    unless_near: Vec<String>,
    prev_re: Option<String>,
    next_re: Option<String>,
    unless_prev_re: Option<String>,
    unless_next_re: Option<String>,
    #[serde(default)]
    examples: Vec<(String, String)>,
    #[serde(default)]
    keeps: Vec<String>,
    note: Option<String>,
}

/// The 1-based line where each key of `src` is first defined, read off the text because
/// the TOML parser keeps no spans for map keys: `"key" = …`, `key = …`, or a table
/// header `[section."key"]` / `[section.key]`.
fn key_lines(src: &str) -> HashMap<&str, usize> {
    let mut lines = HashMap::new();
    for (i, line) in src.lines().enumerate() {
        let t = line.trim_start();
        let key = if let Some(header) = t.strip_prefix('[') {
            let inner = header.trim_end().trim_end_matches(']');
            inner.split_once('.').map(|(_, k)| k.trim_matches('"'))
        } else if let Some(quoted) = t.strip_prefix('"') {
            quoted.split_once('"').map(|(k, _)| k)
        } else {
            t.split_once(" =").map(|(k, _)| k.trim())
        };
        if let Some(key) = key {
            lines.entry(key).or_insert(i + 1);
        }
    }
    lines
}

fn line_of_offset(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

impl Pack {
    /// Parse a pack from TOML. `source_name` names it in errors (a path or
    /// `<embedded>/news.toml`).
    pub fn from_toml(src: &str, source_name: &str) -> Result<Pack> {
        let at = |line| Location { source: source_name.to_owned(), line };
        let raw: RawPack = toml::from_str(src).map_err(|e| Error::Parse {
            at: at(e.span().map(|s| line_of_offset(src, s.start))),
            message: e.message().trim().to_owned(),
        })?;
        let header = raw.pack.unwrap_or_default();
        let name = header.name.unwrap_or_else(|| {
            let stem = source_name.rsplit(['/', '\\']).next().unwrap_or(source_name);
            stem.trim_end_matches(".toml").to_owned()
        });
        let description = if header.scope.is_empty() {
            header.description
        } else {
            format!("{} (scope: {})", header.description, header.scope)
        };
        let mut entries = Vec::new();
        let lines = key_lines(src);
        for (kind, section) in
            [(Kind::Certain, raw.certain), (Kind::Likely, raw.likely), (Kind::Contextual, raw.contextual)]
        {
            for (key, value) in section {
                let at = at(lines.get(key.as_str()).copied());
                entries.push(parse_entry(&name, kind, &key, value, at)?);
            }
        }
        let ignore = crate::ignore::parse_table(raw.ignore, |key| at(lines.get(key).copied()))?;
        let pack = Pack {
            name,
            description,
            source: header.source,
            license: header.license,
            classes: raw.classes,
            entries,
            ignore,
        };
        pack.check_forms()?;
        Ok(pack)
    }

    /// Two entries of one pack may not produce the same surface form.
    fn check_forms(&self) -> Result<()> {
        let mut seen: HashMap<String, &Entry> = HashMap::new();
        for entry in &self.entries {
            for form in entry.forms() {
                if let Some(other) = seen.insert(form.text.clone(), entry) {
                    if !std::ptr::eq(other, entry) {
                        return Err(Error::Conflict(Box::new(Conflict {
                            at: entry.at.clone(),
                            key: entry.key.clone(),
                            form: form.text,
                            other: other.key.clone(),
                            other_at: other.at.clone(),
                        })));
                    }
                }
            }
        }
        Ok(())
    }
}

fn parse_entry(pack: &str, kind: Kind, key: &str, value: toml::Value, at: Location) -> Result<Entry> {
    let bad = |message: String| Error::Entry { at: at.clone(), key: key.to_owned(), message };
    let raw = match value {
        toml::Value::String(to) => RawEntry {
            to,
            inflect: None,
            prev: vec![],
            next: vec![],
            unless_prev: vec![],
            unless_next: vec![],
            near: vec![],
            unless_near: vec![],
            prev_re: None,
            next_re: None,
            unless_prev_re: None,
            unless_next_re: None,
            examples: vec![],
            keeps: vec![],
            note: None,
        },
        toml::Value::Table(t) => {
            toml::Value::Table(t).try_into::<RawEntry>().map_err(|e| bad(e.message().trim().to_owned()))?
        }
        other => {
            return Err(bad(format!("expected a replacement string or a table, found {}", other.type_str())))
        }
    };
    let norm_key = normalize_phrase(key);
    if norm_key.is_empty() {
        return Err(bad("the artifact is empty".into()));
    }
    let to = raw.to.split_whitespace().collect::<Vec<_>>().join(" ");
    if normalize_phrase(&to) == norm_key {
        return Err(bad("the replacement is the artifact itself".into()));
    }
    let regex = |field: &str, re: Option<String>, anchor_end: bool| -> Result<Option<LazyRegex>> {
        re.map(|re| {
            let wrapped = if anchor_end { format!("(?:{re})$") } else { format!("^(?:{re})") };
            LazyRegex::new(&wrapped).map_err(|e| bad(format!("{field}: invalid regex: {e}")))
        })
        .transpose()
    };
    let conditions = Conditions {
        prev: words(raw.prev),
        next: words(raw.next),
        unless_prev: words(raw.unless_prev),
        unless_next: words(raw.unless_next),
        near: words(raw.near),
        unless_near: words(raw.unless_near),
        prev_re: regex("prev_re", raw.prev_re, true)?,
        next_re: regex("next_re", raw.next_re, false)?,
        unless_prev_re: regex("unless_prev_re", raw.unless_prev_re, true)?,
        unless_next_re: regex("unless_next_re", raw.unless_next_re, false)?,
    };
    if kind == Kind::Contextual && !conditions.has_positive() {
        return Err(bad("a contextual entry needs a condition: prev, next, near, prev_re or next_re".into()));
    }
    Ok(Entry {
        pack: pack.to_owned(),
        key: norm_key,
        to,
        kind,
        inflect: raw.inflect,
        conditions,
        examples: raw.examples,
        keeps: raw.keeps,
        note: raw.note,
        at,
    })
}

fn words(list: Vec<String>) -> WordList {
    WordList::new(
        list.into_iter()
            .map(|p| {
                normalize_phrase(&p)
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|w| !w.is_empty())
            .collect(),
    )
}

/// A stack of packs. Later packs override earlier ones form by form.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    packs: Vec<Pack>,
}

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Dictionary {
        Dictionary::default()
    }

    /// The packs compiled into the binary.
    pub fn embedded() -> Result<Dictionary> {
        // The packs parse independently, so they parse side by side: parsing is most of
        // start-up, and start-up is most of a one-page `fix`.
        let packs: Vec<Result<Pack>> = std::thread::scope(|scope| {
            let parsing: Vec<_> = EMBEDDED
                .iter()
                .map(|(name, src)| scope.spawn(move || Pack::from_toml(src, &format!("<embedded>/{name}"))))
                .collect();
            parsing.into_iter().map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        });
        let mut d = Dictionary::new();
        for pack in packs {
            d.push(pack?)?;
        }
        Ok(d)
    }

    /// Add a pack on top of the stack, resolving its `@class` references against the
    /// classes of every pack so far (its own first).
    pub fn push(&mut self, mut pack: Pack) -> Result<()> {
        let lookup = |name: &str| -> Option<&Vec<String>> {
            pack.classes.get(name).or_else(|| self.packs.iter().rev().find_map(|p| p.classes.get(name)))
        };
        // Each class is indexed once and shared by every list that is just that class.
        let mut indexed: HashMap<String, WordList> = HashMap::new();
        let mut resolved = std::mem::take(&mut pack.entries);
        for entry in &mut resolved {
            let c = &mut entry.conditions;
            for list in [
                &mut c.prev,
                &mut c.next,
                &mut c.unless_prev,
                &mut c.unless_next,
                &mut c.near,
                &mut c.unless_near,
            ] {
                let is_class = |p: &Vec<String>| matches!(p.as_slice(), [one] if one.starts_with('@'));
                if !list.phrases().iter().any(is_class) {
                    continue;
                }
                let unknown = |one: &str| Error::Entry {
                    at: entry.at.clone(),
                    key: entry.key.clone(),
                    message: format!("unknown class {one}: define it under [classes]"),
                };
                if let [only] = list.phrases() {
                    let name = &only[0];
                    if let Some(shared) = indexed.get(name) {
                        *list = shared.clone();
                        continue;
                    }
                    let members = lookup(&name[1..]).ok_or_else(|| unknown(name))?;
                    let shared = words(members.clone());
                    indexed.insert(name.clone(), shared.clone());
                    *list = shared;
                    continue;
                }
                let mut out = Vec::new();
                for phrase in list.phrases() {
                    match phrase.as_slice() {
                        [one] if one.starts_with('@') => {
                            let members = lookup(&one[1..]).ok_or_else(|| unknown(one))?;
                            out.extend(words(members.clone()).phrases().iter().cloned());
                        }
                        _ => out.push(phrase.clone()),
                    }
                }
                *list = WordList::new(out);
            }
        }
        pack.entries = resolved;
        self.packs.push(pack);
        Ok(())
    }

    /// The packs, bottom first.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// Keep only the packs whose names are listed.
    pub fn retain_packs(&mut self, names: &[String]) {
        self.packs.retain(|p| names.iter().any(|n| n == &p.name));
    }

    /// Every entry of every pack, bottom first.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.packs.iter().flat_map(|p| p.entries.iter())
    }

    /// Find an entry by `pack` and `key`.
    pub fn entry(&self, pack: &str, key: &str) -> Option<&Entry> {
        self.entries().find(|e| e.pack == pack && e.key == key)
    }

    /// Every `[ignore]` rule of every pack.
    pub fn ignores(&self) -> impl Iterator<Item = &crate::ignore::Ignore> {
        self.packs.iter().flat_map(|p| p.ignore.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(src: &str) -> Result<Pack> {
        Pack::from_toml(src, "test.toml")
    }

    #[test]
    fn word_lists_find_phrases_of_every_length() {
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let long = vec!["w"; 70].join(" ");
        for phrases in [vec!["of", "as well as"], vec!["of", long.as_str()]] {
            let list = WordList::new(phrases.iter().map(|p| words(p)).collect());
            for p in &phrases {
                let mut text = Words::default();
                text.fill_after(&format!("{p} and more"), 0, 80);
                assert!(list.starts(&text), "{p:.20}");
                assert!(list.within(&text), "{p:.20}");
            }
            let mut text = Words::default();
            text.fill_after("as well", 0, 80);
            assert!(!list.starts(&text));
        }
    }

    #[test]
    fn plain_and_full_entries() {
        let p = pack(
            "[certain]\n\"lots of of\" = \"hundreds of\"\n[likely]\nstated = { to = \"said\", keeps = [\"x\"] }\n",
        )
        .unwrap();
        assert_eq!(p.name, "test");
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].kind, Kind::Certain);
        assert_eq!(p.entries[1].to, "said");
    }

    #[test]
    fn verb_entry_expands_with_participle() {
        let p = pack("[certain]\n\"become a member of\" = { to = \"join\", inflect = \"verb\" }\n").unwrap();
        let forms = p.entries[0].forms();
        let find = |t: &str| forms.iter().find(|f| f.text == t).unwrap().clone();
        assert_eq!(find("becoming a member of").replacement, "joining");
        assert_eq!(find("became a member of").replacement, "joined");
        let become_ = find("become a member of");
        assert_eq!(become_.replacement, "join");
        assert_eq!(become_.after_have.as_deref(), Some("joined"));
        assert_eq!(find("becomes a member of").replacement, "joins");
    }

    #[test]
    fn got_here_reads_as_past_then_participle() {
        let p = pack("[certain]\n\"get here\" = { to = \"come\", inflect = \"verb\" }\n").unwrap();
        let forms = p.entries[0].forms();
        let got = forms.iter().find(|f| f.text == "got here").unwrap();
        assert_eq!(got.replacement, "came");
        assert_eq!(got.after_have.as_deref(), Some("come"));
        assert!(forms.iter().any(|f| f.text == "gotten here" && f.replacement == "come"));
    }

    #[test]
    fn noun_entry_expands_last_word() {
        let p =
            pack("[certain]\n\"coronary heart assault\" = { to = \"heart attack\", inflect = \"noun\" }\n")
                .unwrap();
        let forms = p.entries[0].forms();
        assert_eq!(forms[1].text, "coronary heart assaults");
        assert_eq!(forms[1].replacement, "heart attacks");
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = pack("[certain]\n\"a\" = \"b\"\n\"c\" = 3\n").unwrap_err().to_string();
        assert!(e.starts_with("test.toml:3: entry \"c\""), "{e}");
        let e = pack("[certain]\n\"a\" = \"b\"\n\"a b\n").unwrap_err().to_string();
        assert!(e.starts_with("test.toml:3:"), "{e}");
        let e = pack("[likely]\n\"a\" = { to = \"b\", nxt = [\"c\"] }\n").unwrap_err().to_string();
        assert!(e.contains("test.toml:2") && e.contains("nxt"), "{e}");
        let e = pack("[contextual]\n\"a\" = { to = \"b\", next_re = \"(\" }\n").unwrap_err().to_string();
        assert!(e.contains("invalid regex"), "{e}");
        let e = pack("[contextual]\n\"a\" = \"b\"\n").unwrap_err().to_string();
        assert!(e.contains("needs a condition"), "{e}");
        let e = pack("[certain]\n\"a\" = \"A\"\n").unwrap_err().to_string();
        assert!(e.contains("artifact itself"), "{e}");
    }

    #[test]
    fn conflicting_forms_are_refused() {
        let e = pack(
            "[certain]\n\"get here\" = { to = \"come\", inflect = \"verb\" }\n\"got here\" = \"arrived\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("already defined"), "{e}");
    }

    #[test]
    fn classes_resolve_and_unknown_class_fails() {
        let mut d = Dictionary::new();
        d.push(pack("[classes]\ndir = [\"east\", \"north west\"]\n[contextual]\njap = { to = \"eastern\", next = [\"@dir\"] }\n").unwrap())
            .unwrap();
        let e = d.entries().next().unwrap();
        assert_eq!(
            e.conditions.next.phrases(),
            vec![vec!["east".to_string()], vec!["north".into(), "west".into()]]
        );
        let mut d = Dictionary::new();
        let err = d
            .push(pack("[contextual]\njap = { to = \"eastern\", next = [\"@nope\"] }\n").unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("unknown class @nope"));
    }
}
