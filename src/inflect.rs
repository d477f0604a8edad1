//! English inflection, so that one dictionary entry stands for every form of a word.
//!
//! Spinners inflect what they substitute: "joined" becomes "became a member of",
//! "preparing" becomes "making ready". An entry marked `inflect = "verb"` is expanded
//! here into base, -s, past, participle and -ing forms on both sides; `"noun"` into
//! singular and plural. Irregular forms come from the tables below; regular forms from
//! the spelling rules (doubling, -ies, -es, silent e).

/// The grammatical slot of a verb form. Artifact and replacement are paired by slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VerbSlot {
    /// "join"
    Base,
    /// "joins"
    Third,
    /// "joining"
    Ing,
    /// "joined" (simple past)
    Past,
    /// "joined" (after have: "has joined")
    Participle,
}

impl VerbSlot {
    /// Every slot, in the order ties are broken when two slots share a spelling:
    /// a form that is both base and participle ("become") reads as base unless a
    /// form of "have" precedes it.
    pub const ALL: [VerbSlot; 5] = [Self::Base, Self::Third, Self::Ing, Self::Past, Self::Participle];
}

/// All forms of one verb; a slot may have two spellings ("got"/"gotten",
/// "cancelled"/"canceled"), the first being preferred for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForms {
    forms: [Vec<String>; 5],
}

impl VerbForms {
    /// The spellings of `slot`, preferred first.
    pub fn get(&self, slot: VerbSlot) -> &[String] {
        &self.forms[slot as usize]
    }

    /// The preferred spelling of `slot`.
    pub fn preferred(&self, slot: VerbSlot) -> &str {
        &self.forms[slot as usize][0]
    }
}

/// (base, past, participle) for irregular verbs; alternatives separated by '/'.
const IRREGULAR_VERBS: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("awake", "awoke", "awoken"),
    ("be", "was", "been"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bend", "bent", "bent"),
    ("bet", "bet", "bet"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("bite", "bit", "bitten"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("breed", "bred", "bred"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("burn", "burned/burnt", "burned/burnt"),
    ("burst", "burst", "burst"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("cling", "clung", "clung"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("creep", "crept", "crept"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("dream", "dreamed/dreamt", "dreamed/dreamt"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forecast", "forecast", "forecast"),
    ("foresee", "foresaw", "foreseen"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "got/gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grind", "ground", "ground"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("kneel", "knelt", "knelt"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("lean", "leaned/leant", "leaned/leant"),
    ("leap", "leapt/leaped", "leapt/leaped"),
    ("learn", "learned/learnt", "learned/learnt"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lie", "lay", "lain"),
    ("light", "lit", "lit"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("mistake", "mistook", "mistaken"),
    ("overcome", "overcame", "overcome"),
    ("oversee", "oversaw", "overseen"),
    ("overtake", "overtook", "overtaken"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("prove", "proved", "proved/proven"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shine", "shone", "shone"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shrink", "shrank", "shrunk"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("sleep", "slept", "slept"),
    ("slide", "slid", "slid"),
    ("speak", "spoke", "spoken"),
    ("speed", "sped", "sped"),
    ("spend", "spent", "spent"),
    ("spill", "spilled/spilt", "spilled/spilt"),
    ("spin", "spun", "spun"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("spring", "sprang", "sprung"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("sting", "stung", "stung"),
    ("strike", "struck", "struck"),
    ("strive", "strove", "striven"),
    ("swear", "swore", "sworn"),
    ("sweep", "swept", "swept"),
    ("swim", "swam", "swum"),
    ("swing", "swung", "swung"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("thrust", "thrust", "thrust"),
    ("undergo", "underwent", "undergone"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("upset", "upset", "upset"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weep", "wept", "wept"),
    ("win", "won", "won"),
    ("wind", "wound", "wound"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("withstand", "withstood", "withstood"),
    ("write", "wrote", "written"),
];

/// Verbs of more than one syllable that double their last consonant (stress on the
/// last syllable); one-syllable verbs are detected by shape.
const DOUBLING: &[&str] = &[
    "admit", "commit", "compel", "concur", "confer", "control", "defer", "deter", "emit", "equip", "expel",
    "incur", "infer", "omit", "occur", "patrol", "permit", "prefer", "propel", "rebel", "recur", "refer",
    "regret", "repel", "submit", "transfer", "transmit", "acquit", "outfit", "extol", "enrol", "instil",
    "distil", "fulfil",
];

/// Verbs ending in a vowel and 'l' that British English doubles (travelled) and American
/// English does not (traveled). The artifact side accepts both.
const L_DOUBLING: &[&str] = &[
    "cancel", "channel", "counsel", "dial", "duel", "equal", "fuel", "label", "level", "marshal", "model",
    "panel", "pedal", "quarrel", "signal", "spiral", "total", "travel", "tunnel", "unravel", "label",
];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Does a one-syllable word end consonant-vowel-consonant (stop, plan), so that it
/// doubles before -ed and -ing?
fn short_cvc(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() < 3 {
        return false;
    }
    let (c1, v, c2) = (b[b.len() - 3], b[b.len() - 2], b[b.len() - 1]);
    let syllables = b
        .iter()
        .zip(b.iter().skip(1).chain(std::iter::once(&b'_')))
        .filter(|(a, n)| is_vowel(**a) && !is_vowel(**n))
        .count();
    syllables == 1 && !is_vowel(c1) && is_vowel(v) && !is_vowel(c2) && !matches!(c2, b'w' | b'x' | b'y')
        // "qu" acts as a consonant: quit -> quitting
        || (word.ends_with("uit") && word.len() <= 4)
}

fn doubles(word: &str) -> bool {
    DOUBLING.contains(&word) || short_cvc(word)
}

fn last_is_consonant_y(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2])
}

/// The -s form of a verb or the plural of a regular noun.
fn add_s(word: &str) -> String {
    if last_is_consonant_y(word) {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| word.ends_with(e)) {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

fn add_suffix(word: &str, suffix: &str) -> Vec<String> {
    let last = word.as_bytes().last().copied().unwrap_or(b'_');
    if L_DOUBLING.contains(&word) {
        return vec![format!("{word}l{suffix}"), format!("{word}{suffix}")];
    }
    if doubles(word) {
        return vec![format!("{word}{}{suffix}", last as char)];
    }
    if suffix == "ed" {
        if word.ends_with('e') {
            return vec![format!("{word}d")];
        }
        if last_is_consonant_y(word) {
            return vec![format!("{}ied", &word[..word.len() - 1])];
        }
        return vec![format!("{word}ed")];
    }
    // -ing
    if let Some(stem) = word.strip_suffix("ie") {
        return vec![format!("{stem}ying")];
    }
    if word.ends_with('e') && !["ee", "ye", "oe"].iter().any(|e| word.ends_with(e)) && word != "be" {
        return vec![format!("{}ing", &word[..word.len() - 1])];
    }
    vec![format!("{word}{suffix}")]
}

fn split_alts(s: &str) -> Vec<String> {
    s.split('/').map(str::to_owned).collect()
}

/// Every form of the verb whose base form is `base` (lowercase).
///
/// ```
/// use unspin::inflect::{verb_forms, VerbSlot};
/// let come = verb_forms("come");
/// assert_eq!(come.preferred(VerbSlot::Past), "came");
/// assert_eq!(verb_forms("stop").preferred(VerbSlot::Ing), "stopping");
/// assert_eq!(verb_forms("prepare").preferred(VerbSlot::Past), "prepared");
/// ```
pub fn verb_forms(base: &str) -> VerbForms {
    let third = match base {
        "be" => "is".to_owned(),
        "have" => "has".to_owned(),
        "do" | "go" | "undergo" => format!("{base}es"),
        _ => add_s(base),
    };
    let ing = add_suffix(base, "ing");
    let (past, participle) = match IRREGULAR_VERBS.iter().find(|(b, _, _)| *b == base) {
        Some((_, past, pp)) => (split_alts(past), split_alts(pp)),
        None => {
            let ed = add_suffix(base, "ed");
            (ed.clone(), ed)
        }
    };
    VerbForms { forms: [vec![base.to_owned()], vec![third], ing, past, participle] }
}

const IRREGULAR_NOUNS: &[(&str, &str)] = &[
    ("analysis", "analyses"),
    ("basis", "bases"),
    ("child", "children"),
    ("crisis", "crises"),
    ("criterion", "criteria"),
    ("diagnosis", "diagnoses"),
    ("foot", "feet"),
    ("half", "halves"),
    ("hypothesis", "hypotheses"),
    ("knife", "knives"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("man", "men"),
    ("medium", "media"),
    ("mouse", "mice"),
    ("person", "people"),
    ("phenomenon", "phenomena"),
    ("self", "selves"),
    ("shelf", "shelves"),
    ("thesis", "theses"),
    ("thief", "thieves"),
    ("tooth", "teeth"),
    ("wife", "wives"),
    ("wolf", "wolves"),
    ("woman", "women"),
    ("hero", "heroes"),
    ("potato", "potatoes"),
    ("tomato", "tomatoes"),
    ("veto", "vetoes"),
    ("echo", "echoes"),
    ("series", "series"),
    ("species", "species"),
    ("sheep", "sheep"),
    ("aircraft", "aircraft"),
    ("matrix", "matrices"),
    ("vertex", "vertices"),
    ("index", "indices"),
];

/// The plural of a noun (lowercase singular).
///
/// ```
/// use unspin::inflect::plural;
/// assert_eq!(plural("sufferer"), "sufferers");
/// assert_eq!(plural("person"), "people");
/// assert_eq!(plural("policy"), "policies");
/// ```
pub fn plural(singular: &str) -> String {
    if let Some((_, p)) = IRREGULAR_NOUNS.iter().find(|(s, _)| *s == singular) {
        return (*p).to_owned();
    }
    // "-man" compounds: chairman -> chairmen, but not "human" -> "humen".
    if let Some(stem) = singular.strip_suffix("man") {
        if !stem.is_empty() && !matches!(singular, "human" | "german" | "roman" | "shaman") {
            return format!("{stem}men");
        }
    }
    add_s(singular)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! verb {
        ($base:expr => $third:expr, $ing:expr, $past:expr, $pp:expr) => {{
            let f = verb_forms($base);
            assert_eq!(f.preferred(VerbSlot::Third), $third, "third of {}", $base);
            assert_eq!(f.preferred(VerbSlot::Ing), $ing, "ing of {}", $base);
            assert_eq!(f.preferred(VerbSlot::Past), $past, "past of {}", $base);
            assert_eq!(f.preferred(VerbSlot::Participle), $pp, "pp of {}", $base);
        }};
    }

    #[test]
    fn verbs() {
        verb!("join" => "joins", "joining", "joined", "joined");
        verb!("become" => "becomes", "becoming", "became", "become");
        verb!("make" => "makes", "making", "made", "made");
        verb!("prepare" => "prepares", "preparing", "prepared", "prepared");
        verb!("get" => "gets", "getting", "got", "got");
        verb!("stop" => "stops", "stopping", "stopped", "stopped");
        verb!("visit" => "visits", "visiting", "visited", "visited");
        verb!("transfer" => "transfers", "transferring", "transferred", "transferred");
        verb!("offer" => "offers", "offering", "offered", "offered");
        verb!("try" => "tries", "trying", "tried", "tried");
        verb!("play" => "plays", "playing", "played", "played");
        verb!("die" => "dies", "dying", "died", "died");
        verb!("agree" => "agrees", "agreeing", "agreed", "agreed");
        verb!("despatch" => "despatches", "despatching", "despatched", "despatched");
        verb!("go" => "goes", "going", "went", "gone");
        verb!("quit" => "quits", "quitting", "quit", "quit");
        verb!("embody" => "embodies", "embodying", "embodied", "embodied");
        verb!("fix" => "fixes", "fixing", "fixed", "fixed");
        verb!("see" => "sees", "seeing", "saw", "seen");
        verb!("open" => "opens", "opening", "opened", "opened");
        verb!("travel" => "travels", "travelling", "travelled", "travelled");
    }

    #[test]
    fn alternatives_are_kept() {
        assert_eq!(verb_forms("get").get(VerbSlot::Participle), ["got", "gotten"]);
        assert_eq!(verb_forms("travel").get(VerbSlot::Past), ["travelled", "traveled"]);
    }

    #[test]
    fn nouns() {
        for (s, p) in [
            ("sufferer", "sufferers"),
            ("patient", "patients"),
            ("box", "boxes"),
            ("church", "churches"),
            ("day", "days"),
            ("country", "countries"),
            ("chairman", "chairmen"),
            ("human", "humans"),
            ("woman", "women"),
            ("crisis", "crises"),
        ] {
            assert_eq!(plural(s), p);
        }
    }
}
