//! Keeping the look of the text: case of replacements, and "a"/"an" before them.

/// `word` with its first letter upper-cased.
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Give `replacement` the case pattern of `found`: STATED → SAID, Stated → Said,
/// stated → said. A replacement with capitals of its own ("White House") keeps them
/// unless `found` is all capitals.
///
/// ```
/// use unspin::casing::match_case;
/// assert_eq!(match_case("Got here", "came"), "Came");
/// assert_eq!(match_case("STATED", "said"), "SAID");
/// assert_eq!(match_case("white home", "White House"), "White House");
/// ```
pub fn match_case(found: &str, replacement: &str) -> String {
    let letters = found.chars().filter(|c| c.is_alphabetic());
    let (mut upper, mut total) = (0, 0);
    for c in letters {
        total += 1;
        upper += usize::from(c.is_uppercase());
    }
    if total >= 2 && upper == total {
        return replacement.to_uppercase();
    }
    if found.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase) {
        return capitalize(replacement);
    }
    replacement.to_owned()
}

/// Words that start with a vowel letter but a consonant sound.
const CONSONANT_SOUND: &[&str] = &[
    "unan", "unar", "one", "once", "uni", "use", "usu", "uti", "ura", "ure", "euro", "eu", "ewe", "ubi",
    "uga", "uk", "us", "ut",
];
/// Words that start with a consonant letter but a vowel sound.
const VOWEL_SOUND: &[&str] = &["hour", "honest", "honou", "honor", "heir", "herb"];

/// Does `word` take "an" rather than "a"? A spelling heuristic, good for the words
/// replacements start with.
///
/// ```
/// use unspin::casing::takes_an;
/// assert!(takes_an("advanced"));
/// assert!(!takes_an("negative"));
/// assert!(!takes_an("unanimous"));
/// assert!(takes_an("hour"));
/// assert!(takes_an("8"));
/// ```
pub fn takes_an(word: &str) -> bool {
    let w = word.to_lowercase();
    if w.starts_with('8') || w == "11" || w == "18" || w.starts_with("11,") || w.starts_with("18,") {
        return true;
    }
    if VOWEL_SOUND.iter().any(|p| w.starts_with(p)) {
        return true;
    }
    if CONSONANT_SOUND.iter().any(|p| w.starts_with(p)) && w != "us" && !w.starts_with("usher") {
        // "an umbrella", but "a unit", "a user", "a european"
        return w.starts_with("un")
            && !w.starts_with("uni")
            && !w.starts_with("unan")
            && !w.starts_with("unar");
    }
    // Acronyms read letter by letter: "an FBI agent", "an MP".
    if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return "AEFHILMNORSX".contains(word.chars().next().unwrap_or('b'));
    }
    w.starts_with(['a', 'e', 'i', 'o', 'u'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_patterns() {
        for (found, rep, want) in [
            ("stated", "said", "said"),
            ("Stated", "said", "Said"),
            ("STATED", "said", "SAID"),
            ("Got here", "came", "Came"),
            ("got here", "came", "came"),
            ("1000's", "thousands", "thousands"),
            ("White Home", "White House", "White House"),
            ("I", "me", "Me"),
        ] {
            assert_eq!(match_case(found, rep), want, "{found} -> {rep}");
        }
    }

    #[test]
    fn articles() {
        for (w, an) in [
            ("advanced", true),
            ("unfavourable", true),
            ("negative", false),
            ("union", false),
            ("user", false),
            ("European", false),
            ("one", false),
            ("honest", true),
            ("historic", false),
            ("FBI", true),
            ("BBC", false),
            ("umbrella", true),
            ("8", true),
            ("80", true),
            ("1", false),
        ] {
            assert_eq!(takes_an(w), an, "{w}");
        }
    }
}
