//! A standard unified diff of a [`Comparison`], built from its change list (no second
//! diff of the texts), that `patch` and `git apply` accept.
//!
//! ```
//! use unspin::diff::Comparison;
//! use unspin::unified::unified;
//! let cmp = Comparison::between("a\nThey stated it.\nb\n", "a\nThey said it.\nb\n");
//! assert_eq!(
//!     unified(&cmp, "a/f.txt", "b/f.txt", 3, false),
//!     "--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,3 @@\n a\n-They stated it.\n+They said it.\n b\n"
//! );
//! ```

use std::fmt::Write as _;
use std::ops::Range;

use anstyle::{AnsiColor, Style};

use crate::diff::Comparison;

const NO_NEWLINE: &str = "\\ No newline at end of file\n";

/// Changed old lines and the new lines that replace them.
struct Block {
    /// Old line indices (0-based), end exclusive.
    old: Range<usize>,
    /// The replacement lines, each with its line break (the last may lack one).
    new: Vec<String>,
}

/// The unified diff of `cmp` with `context` unchanged lines around each change,
/// headed `--- {old_name}` / `+++ {new_name}`. Empty when nothing changed. With
/// `color`, headers are bold, hunk lines cyan, removals red and additions green.
pub fn unified(cmp: &Comparison<'_>, old_name: &str, new_name: &str, context: usize, color: bool) -> String {
    let old_lines: Vec<&str> = cmp.old.split_inclusive('\n').collect();
    let starts: Vec<usize> = old_lines
        .iter()
        .scan(0, |pos, l| {
            let start = *pos;
            *pos += l.len();
            Some(start)
        })
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let blocks = blocks(cmp, &old_lines, &starts, line_of);
    if blocks.is_empty() {
        return String::new();
    }
    let paint = |style: Style, text: &str| {
        if color {
            format!("{}{}{}", style.render(), text, style.render_reset())
        } else {
            text.to_owned()
        }
    };
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let cyan = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let bold = Style::new().bold();
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(bold, &format!("--- {old_name}")));
    let _ = writeln!(out, "{}", paint(bold, &format!("+++ {new_name}")));
    // One line of the diff: the marker, the text, and a note when the file ends without a break.
    let line = |out: &mut String, marker: char, text: &str, style: Option<Style>| {
        let body = text.strip_suffix('\n').unwrap_or(text);
        let body = format!("{marker}{body}");
        out.push_str(&style.map_or(body.clone(), |s| paint(s, &body)));
        out.push('\n');
        if !text.ends_with('\n') {
            out.push_str(NO_NEWLINE);
        }
    };
    // New-file line number minus old-file line number before the current block.
    let mut delta: isize = 0;
    let mut i = 0;
    while i < blocks.len() {
        // Gather the blocks whose context overlaps or touches into one hunk.
        let mut j = i + 1;
        while j < blocks.len() && blocks[j].old.start <= blocks[j - 1].old.end + 2 * context {
            j += 1;
        }
        let hunk = &blocks[i..j];
        let old_start = hunk[0].old.start.saturating_sub(context);
        let old_end = (hunk[j - i - 1].old.end + context).min(old_lines.len());
        let added: isize = hunk.iter().map(|b| b.new.len() as isize - b.old.len() as isize).sum();
        let old_len = old_end - old_start;
        let new_len = (old_len as isize + added) as usize;
        let new_start = (old_start as isize + delta) as usize;
        let range = |start: usize, len: usize| match len {
            0 => format!("{start},0"),
            1 => format!("{}", start + 1),
            _ => format!("{},{len}", start + 1),
        };
        let head = format!("@@ -{} +{} @@", range(old_start, old_len), range(new_start, new_len));
        let _ = writeln!(out, "{}", paint(cyan, &head));
        let mut pos = old_start;
        for block in hunk {
            for l in &old_lines[pos..block.old.start] {
                line(&mut out, ' ', l, None);
            }
            for l in &old_lines[block.old.clone()] {
                line(&mut out, '-', l, Some(red));
            }
            for l in &block.new {
                line(&mut out, '+', l, Some(green));
            }
            pos = block.old.end;
        }
        for l in &old_lines[pos..old_end] {
            line(&mut out, ' ', l, None);
        }
        delta += added;
        i = j;
    }
    out
}

/// The changes grouped by the old lines they touch: changes on a shared line make one
/// block, whose new lines are the old ones with those changes applied.
fn blocks(
    cmp: &Comparison<'_>,
    old_lines: &[&str],
    starts: &[usize],
    line_of: impl Fn(usize) -> usize,
) -> Vec<Block> {
    let mut groups: Vec<(Range<usize>, Range<usize>)> = Vec::new(); // (old lines, change indices)
    for (i, c) in cmp.changes.iter().enumerate() {
        let first = line_of(c.span.start);
        let last = if c.span.is_empty() { first } else { line_of(c.span.end - 1) };
        match groups.last_mut() {
            Some((lines, changes)) if first < lines.end => {
                lines.end = lines.end.max(last + 1);
                changes.end = i + 1;
            }
            _ => groups.push((first..last + 1, i..i + 1)),
        }
    }
    groups
        .into_iter()
        .map(|(lines, changes)| {
            let from = starts.get(lines.start).copied().unwrap_or(cmp.old.len());
            let to = starts.get(lines.end).copied().unwrap_or(cmp.old.len());
            let mut text = String::new();
            let mut pos = from;
            for c in &cmp.changes[changes] {
                text.push_str(&cmp.old[pos..c.span.start]);
                text.push_str(&c.replacement);
                pos = c.span.end;
            }
            text.push_str(&cmp.old[pos..to]);
            let lines = lines.start..lines.end.min(old_lines.len().max(lines.start));
            Block { old: lines, new: text.split_inclusive('\n').map(str::to_owned).collect() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(old: &str, new: &str, context: usize) -> String {
        unified(&Comparison::between(old, new), "a/f", "b/f", context, false)
    }

    #[test]
    fn hunks_merge_when_context_touches() {
        let old = "1\n2\nx\n4\n5\n6\n7\ny\n9\n";
        let new = "1\n2\nX\n4\n5\n6\n7\nY\n9\n";
        assert_eq!(
            diff(old, new, 2),
            "--- a/f\n+++ b/f\n@@ -1,9 +1,9 @@\n 1\n 2\n-x\n+X\n 4\n 5\n 6\n 7\n-y\n+Y\n 9\n"
        );
        assert_eq!(
            diff(old, new, 1),
            "--- a/f\n+++ b/f\n@@ -2,3 +2,3 @@\n 2\n-x\n+X\n 4\n@@ -7,3 +7,3 @@\n 7\n-y\n+Y\n 9\n"
        );
        assert_eq!(diff(old, new, 0), "--- a/f\n+++ b/f\n@@ -3 +3 @@\n-x\n+X\n@@ -8 +8 @@\n-y\n+Y\n");
    }

    #[test]
    fn line_counts_follow_joined_lines() {
        // A change across a line break joins two old lines into one new line.
        let old = "a\nTens got\nhere b\nc\nd\n";
        let cmp = Comparison::between(old, "a\nTens came b\nc\nd\n");
        let out = unified(&cmp, "a/f", "b/f", 1, false);
        assert_eq!(out, "--- a/f\n+++ b/f\n@@ -1,4 +1,3 @@\n a\n-Tens got\n-here b\n+Tens came b\n c\n");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        assert_eq!(diff("a\nb", "a\nc", 1), "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
        assert_eq!(diff("a\n", "a\n", 3), "", "no changes, no diff");
    }

    #[test]
    fn colors_only_when_asked() {
        let cmp = Comparison::between("a\n", "b\n");
        assert!(!unified(&cmp, "a/f", "b/f", 3, false).contains('\u{1b}'));
        let out = unified(&cmp, "a/f", "b/f", 3, true);
        assert!(out.contains("\u{1b}[31m-a\u{1b}[0m") && out.contains("\u{1b}[32m+b\u{1b}[0m"), "{out:?}");
    }
}
