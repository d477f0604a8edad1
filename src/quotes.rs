//! Finding quoted speech.
//!
//! Many spinners leave quotations alone, so a `likely` repair inside one is usually
//! damage. This module finds the quoted regions of a text: straight double quotes,
//! curly double quotes (nested), guillemets, and curly single quotes where they open
//! before a letter (so that the apostrophe in "Ukraine’s" never opens or closes one).
//! A quotation left open ends at the end of its paragraph, as in news copy where a
//! quote runs on and the next paragraph reopens it.

use std::ops::Range;

/// Byte ranges of the quoted regions of `text`, quote marks included, in order.
pub fn regions(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    // Where the open quotation's paragraph ends, found once when it opens.
    let mut open_until: Option<usize> = None;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        // Every quote mark is '"' or starts with 0xC2 (guillemets) or 0xE2 (curly);
        // everything else but line breaks can be skipped byte by byte.
        // Jump to the next candidate; line breaks matter only inside a quotation.
        let Some(skip) = memchr::memchr3(b'"', 0xC2, 0xE2, &bytes[i..]) else {
            if open.is_none() {
                break;
            }
            // An open quotation still ends with its paragraph.
            match open_until {
                Some(end) => {
                    out.extend(open.take().map(|(start, _)| start..end));
                    i = end;
                    continue;
                }
                None => break,
            }
        };
        if open.is_some() {
            if let Some(end) = open_until.filter(|&end| end < i + skip) {
                out.extend(open.take().map(|(start, _)| start..end));
                i = end;
                continue;
            }
        }
        i += skip;
        let c = text[i..].chars().next().unwrap_or(' ');
        let prev = text[..i].chars().next_back().unwrap_or(' ');
        let next = text[i + c.len_utf8()..].chars().next().unwrap_or(' ');
        match open {
            None => {
                let opens = match c {
                    '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}' => true,
                    '\u{2018}' => !prev.is_alphanumeric() && next.is_alphanumeric(),
                    _ => false,
                };
                if opens {
                    open = Some((i, c));
                    open_until = paragraph_end(text, i);
                    depth = 1;
                }
            }
            Some((start, opener)) => {
                let closes = match (opener, c) {
                    ('"', '"') => true,
                    ('\u{201C}' | '\u{201E}', '\u{201D}') | ('\u{00AB}', '\u{00BB}') => {
                        depth -= 1;
                        depth == 0
                    }
                    ('\u{201C}', '\u{201C}') | ('\u{00AB}', '\u{00AB}') => {
                        depth += 1;
                        false
                    }
                    // A curly single quote closes when no letter follows it; "Ukraine’s"
                    // is an apostrophe.
                    ('\u{2018}', '\u{2019}') => !next.is_alphanumeric(),
                    _ => false,
                };
                if closes {
                    out.push(start..i + c.len_utf8());
                    open = None;
                }
            }
        }
        i += c.len_utf8();
    }
    if let Some((start, _)) = open {
        out.push(start..text.len());
    }
    out
}

/// The offset of the line break that ends the paragraph containing `from` (a line
/// break followed by a blank line), if any.
fn paragraph_end(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(nl) = memchr::memchr(b'\n', &text.as_bytes()[at..]) {
        let nl = at + nl;
        if text[nl + 1..].trim_start_matches([' ', '\t', '\r']).starts_with('\n') {
            return Some(nl);
        }
        at = nl + 1;
    }
    None
}

/// Is `range` inside one of `regions` (sorted, as [`regions`] returns them)?
pub fn inside(regions: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = regions.partition_point(|r| r.end <= range.start);
    regions.get(i).is_some_and(|r| r.start <= range.start && range.end <= r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        regions(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn kinds_of_quotes() {
        assert_eq!(quoted(r#"He said "we stated it" and left."#), [r#""we stated it""#]);
        assert_eq!(quoted("He said “we stated it,” and “more”."), ["“we stated it,”", "“more”"]);
        assert_eq!(quoted("Ukraine’s army said ‘Moment of peril’ today."), ["‘Moment of peril’"]);
        assert_eq!(
            quoted("“She said: ‘Have you heard?’. No,” he said."),
            ["“She said: ‘Have you heard?’. No,”"]
        );
    }

    #[test]
    fn open_quote_ends_with_paragraph() {
        let t = "“We will win.\n\nThen he stated it.";
        assert_eq!(quoted(t), ["“We will win."]);
    }

    #[test]
    fn unbalanced_quote_runs_to_end() {
        assert_eq!(quoted("a “b c"), ["“b c"]);
        assert!(regions("no quotes’ here").is_empty());
    }

    #[test]
    fn inside_checks_containment() {
        let r = vec![2..5, 8..12];
        assert!(inside(&r, &(3..4)));
        assert!(inside(&r, &(8..12)));
        assert!(!inside(&r, &(4..6)));
        assert!(!inside(&r, &(0..1)));
    }
}
