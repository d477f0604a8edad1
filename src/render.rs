//! Terminal views of a [`Comparison`]: two columns side by side, or one column with
//! `[-old-]{+new+}` marks. Pure functions to `String`; all they know of the terminal
//! is a width and whether to use color.
//!
//! Text is laid out in display cells: wide characters (CJK, emoji) take two, combining
//! marks none, tabs expand to the next multiple of [`TAB_WIDTH`], and control
//! characters show as their Unicode control pictures so that no escape sequence from
//! the input reaches the terminal. Long lines wrap at spaces, and words longer than a
//! column are broken.
//!
//! ```
//! use unspin::diff::Comparison;
//! use unspin::render::{inline, Options};
//! let cmp = Comparison::between("They stated it.\n", "They said it.\n");
//! let opts = Options { width: 40, color: false, context: Some(1) };
//! let out = inline(&cmp, "a.txt vs b.txt", &opts);
//! assert_eq!(out, "a.txt vs b.txt\n1 They [-stated-]{+said+} it.\n");
//! ```

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::diff::{visible, Comparison, Line, Part, Side};

/// Columns between tab stops.
pub const TAB_WIDTH: usize = 4;
/// The narrowest text column; below it columns overflow rather than vanish.
const MIN_COLUMN: usize = 8;

/// How to lay out a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Total width in terminal cells.
    pub width: usize,
    /// Emit ANSI colors.
    pub color: bool,
    /// Lines of context around changed paragraphs; `None` shows the whole text.
    pub context: Option<usize>,
}

/// What a cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Plain,
    Removed,
    Inserted,
}

const REMOVED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const INSERTED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

impl Mark {
    fn style(self) -> Style {
        match self {
            Mark::Plain => Style::new(),
            Mark::Removed => REMOVED,
            Mark::Inserted => INSERTED,
        }
    }
}

/// One terminal cell (or two, for a wide character), with anything zero-width that
/// follows it. `None` text is a forced line break.
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    text: Option<String>,
    width: usize,
    mark: Mark,
}

impl Cell {
    fn is_space(&self) -> bool {
        matches!(self.text.as_deref(), Some(" " | "\t"))
    }
}

/// Turns text into cells. A tab stays one cell until [`wrap`] knows its column.
#[derive(Default)]
struct Cells {
    cells: Vec<Cell>,
}

impl Cells {
    fn push_str(&mut self, s: &str, mark: Mark) {
        for c in s.chars() {
            self.push_char(c, mark);
        }
    }

    fn push_char(&mut self, c: char, mark: Mark) {
        match c {
            '\n' => self.cells.push(Cell { text: None, width: 0, mark }),
            '\r' => {}
            '\t' => self.cells.push(Cell { text: Some("\t".into()), width: 0, mark }),
            // C0 controls and DEL as control pictures (␛, ␡); C1 controls as �.
            c if (c as u32) < 0x20 => self.push_char(char::from_u32(0x2400 + c as u32).unwrap_or('�'), mark),
            '\u{7f}' => self.push_char('␡', mark),
            c if c.is_control() => self.push_char('�', mark),
            c => {
                let joins = matches!(c, '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}')
                    || c.width() == Some(0)
                    || self
                        .cells
                        .last()
                        .is_some_and(|l| l.text.as_deref().is_some_and(|t| t.ends_with('\u{200d}')));
                match self.cells.last_mut() {
                    Some(last) if joins && last.text.is_some() && last.mark == mark => {
                        let text = last.text.as_mut().expect("checked");
                        text.push(c);
                        last.width = text.width();
                    }
                    _ => {
                        let width = c.width().unwrap_or(0);
                        self.cells.push(Cell { text: Some(c.to_string()), width, mark });
                    }
                }
            }
        }
    }
}

/// The cells of one side of a line. Without color the changes are marked with
/// `[-…-]` and `{+…+}` so they still show; `always_mark` keeps the marks with color too.
fn line_cells(line: &Line<'_>, sides: &[Side], color: bool, always_mark: bool) -> Vec<Cell> {
    let mut cells = Cells::default();
    let marks = always_mark || !color;
    for part in &line.parts {
        match part {
            Part::Same(s) => cells.push_str(s, Mark::Plain),
            Part::Changed { old, new, .. } => {
                for side in sides {
                    let (text, mark, open, close) = match side {
                        Side::Old => (old, Mark::Removed, "[-", "-]"),
                        Side::New => (new, Mark::Inserted, "{+", "+}"),
                    };
                    if text.is_empty() {
                        continue;
                    }
                    if marks {
                        cells.push_str(open, mark);
                    }
                    cells.push_str(text, mark);
                    if marks {
                        cells.push_str(close, mark);
                    }
                }
            }
        }
    }
    cells.cells
}

/// Break `cells` into rows at most `width` wide: at spaces where possible, inside a
/// word only when the word is wider than a row. Spaces at a break are dropped; tabs
/// become spaces up to the next stop of the row they land in.
fn wrap(cells: &[Cell], width: usize) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut used = 0;
    let mut i = 0;
    let end_row = |rows: &mut Vec<Vec<Cell>>, row: &mut Vec<Cell>, used: &mut usize| {
        while row.last().is_some_and(Cell::is_space) {
            row.pop();
        }
        rows.push(std::mem::take(row));
        *used = 0;
    };
    while i < cells.len() {
        let cell = &cells[i];
        if cell.text.is_none() {
            end_row(&mut rows, &mut row, &mut used);
            i += 1;
        } else if cell.is_space() {
            let n = if cell.text.as_deref() == Some("\t") { TAB_WIDTH - used % TAB_WIDTH } else { 1 };
            if used + n <= width {
                let space = Cell { text: Some(" ".into()), width: 1, mark: cell.mark };
                row.extend(std::iter::repeat_n(space, n));
                used += n;
                i += 1;
            } else {
                end_row(&mut rows, &mut row, &mut used);
                while i < cells.len() && cells[i].is_space() {
                    i += 1;
                }
            }
        } else {
            let end = (i..cells.len())
                .find(|&j| cells[j].text.is_none() || cells[j].is_space())
                .unwrap_or(cells.len());
            let word_width: usize = cells[i..end].iter().map(|c| c.width).sum();
            if used + word_width > width && word_width <= width && used > 0 {
                end_row(&mut rows, &mut row, &mut used);
            }
            for c in &cells[i..end] {
                if used + c.width > width && used > 0 {
                    end_row(&mut rows, &mut row, &mut used);
                }
                row.push(c.clone());
                used += c.width;
            }
            i = end;
        }
    }
    if !row.is_empty() || rows.is_empty() {
        end_row(&mut rows, &mut row, &mut used);
    }
    rows
}

/// Write a row of cells, styled when `color`, padded with spaces to `pad` cells.
fn write_row(out: &mut String, row: &[Cell], color: bool, pad: usize) {
    let mut current = Mark::Plain;
    let mut used = 0;
    for cell in row {
        if color && cell.mark != current {
            let _ = write!(out, "{}{}", current.style().render_reset(), cell.mark.style().render());
            current = cell.mark;
        }
        out.push_str(cell.text.as_deref().unwrap_or(""));
        used += cell.width;
    }
    if color && current != Mark::Plain {
        let _ = write!(out, "{}", current.style().render_reset());
    }
    out.push_str(&" ".repeat(pad.saturating_sub(used)));
}

fn styled(out: &mut String, style: Style, color: bool, text: &str) {
    if color {
        let _ = write!(out, "{}{text}{}", style.render(), style.render_reset());
    } else {
        out.push_str(text);
    }
}

fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

/// The header line, then each shown stretch of lines through `row`, with a note
/// for each skipped stretch.
fn layout(
    cmp: &Comparison<'_>,
    header: &str,
    opts: &Options,
    mut line: impl FnMut(&mut String, &Line<'_>, usize),
) -> String {
    let mut out = String::new();
    styled(&mut out, BOLD, opts.color, header);
    out.push('\n');
    let lines = cmp.lines();
    let gutter = digits(lines.last().map_or(1, |l| l.old_no.max(l.new_no)));
    let shown = visible(&lines, opts.context);
    let mut next = 0;
    let skipped = |out: &mut String, n: usize| {
        if n > 0 {
            let text = format!("{:>gutter$} {n} unchanged line{}", "...", if n == 1 { "" } else { "s" });
            styled(out, DIM, opts.color, &text);
            out.push('\n');
        }
    };
    for range in shown {
        skipped(&mut out, range.start - next);
        for l in &lines[range.clone()] {
            line(&mut out, l, gutter);
        }
        next = range.end;
    }
    if next > 0 || lines.iter().any(Line::is_changed) {
        skipped(&mut out, lines.len() - next);
    }
    out
}

fn gutter_text(out: &mut String, n: Option<usize>, gutter: usize, color: bool) {
    match n {
        Some(n) => styled(out, DIM, color, &format!("{n:>gutter$}")),
        None => out.push_str(&" ".repeat(gutter)),
    }
}

/// The old and new text in two columns that fit `opts.width`: line numbers, then
/// the old line, ` | `, line numbers, the new line. Wrapped rows of the two sides stay
/// side by side. Changes are red and green with color, `[-…-]` and `{+…+}` without.
///
/// `header` is the first line, e.g. [`crate::diff::Summary::line`].
pub fn side_by_side(cmp: &Comparison<'_>, header: &str, opts: &Options) -> String {
    layout(cmp, header, opts, |out, line, gutter| {
        // gutter, space, column, " | ", gutter, space, column
        let column = (opts.width.saturating_sub(2 * gutter + 5) / 2).max(MIN_COLUMN);
        let left = wrap(&line_cells(line, &[Side::Old], opts.color, false), column);
        let right = wrap(&line_cells(line, &[Side::New], opts.color, false), column);
        for r in 0..left.len().max(right.len()) {
            let first = r == 0;
            gutter_text(out, first.then_some(line.old_no), gutter, opts.color);
            out.push(' ');
            write_row(out, left.get(r).map_or(&[][..], |v| v), opts.color, column);
            out.push_str(" | ");
            gutter_text(out, first.then_some(line.new_no), gutter, opts.color);
            let right_row = right.get(r).map_or(&[][..], |v| v);
            if !right_row.is_empty() {
                out.push(' ');
                write_row(out, right_row, opts.color, 0);
            }
            // A right side that ended early leaves only padding (never styled) behind.
            out.truncate(out.trim_end_matches(' ').len());
            out.push('\n');
        }
    })
}

/// One column: each line with `[-old-]{+new+}` where it changed (colored too when
/// `opts.color`), wrapped to `opts.width` under its line number.
pub fn inline(cmp: &Comparison<'_>, header: &str, opts: &Options) -> String {
    layout(cmp, header, opts, |out, line, gutter| {
        let column = opts.width.saturating_sub(gutter + 1).max(MIN_COLUMN);
        let rows = wrap(&line_cells(line, &[Side::Old, Side::New], opts.color, true), column);
        for (r, row) in rows.iter().enumerate() {
            gutter_text(out, (r == 0).then_some(line.old_no), gutter, opts.color);
            if !row.is_empty() {
                out.push(' ');
                write_row(out, row, opts.color, 0);
            }
            out.push('\n');
        }
    })
}

/// A short passage such as one sentence: one side of `cmp` (or both sides, as
/// `[-old-]{+new+}`), wrapped to `opts.width`, without header or line numbers. Each row
/// is returned without its line break. Changes are red and green with color, marked
/// `[-…-]` and `{+…+}` without (both sides are always marked).
///
/// ```
/// use unspin::diff::{Comparison, Side};
/// use unspin::render::{passage, Options};
/// let cmp = Comparison::between("They stated it.", "They said it.");
/// let opts = Options { width: 40, color: false, context: None };
/// assert_eq!(passage(&cmp, &[Side::Old], &opts), ["They [-stated-] it."]);
/// assert_eq!(passage(&cmp, &[Side::New], &opts), ["They {+said+} it."]);
/// ```
pub fn passage(cmp: &Comparison<'_>, sides: &[Side], opts: &Options) -> Vec<String> {
    let mut cells = Vec::new();
    for (i, line) in cmp.lines().iter().enumerate() {
        if i > 0 {
            cells.push(Cell { text: None, width: 0, mark: Mark::Plain });
        }
        cells.extend(line_cells(line, sides, opts.color, sides.len() > 1));
    }
    wrap(&cells, opts.width.max(MIN_COLUMN))
        .iter()
        .map(|row| {
            let mut out = String::new();
            write_row(&mut out, row, opts.color, 0);
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Comparison;

    fn opts(width: usize) -> Options {
        Options { width, color: false, context: None }
    }

    fn width_of(line: &str) -> usize {
        line.width()
    }

    /// Every row fits the width, and the ` | ` separator sits in the same column.
    fn assert_aligned(out: &str, width: usize) {
        let mut sep_col = None;
        for line in out.lines().skip(1).filter(|l| !l.trim_start().starts_with("...")) {
            assert!(width_of(line) <= width, "too wide ({}): {line:?}", width_of(line));
            let at = line.find(" | ").unwrap_or_else(|| panic!("no separator: {line:?}"));
            let col = width_of(&line[..at]);
            assert_eq!(*sep_col.get_or_insert(col), col, "separator moved: {line:?}\n{out}");
        }
    }

    #[test]
    fn side_by_side_wraps_and_aligns() {
        let old = "Tens of 1000’s got here to the capital.\n";
        let cmp = Comparison::between(old, "Tens of thousands came to the capital.\n");
        let out = side_by_side(&cmp, "h", &opts(40));
        assert_eq!(
            out,
            "h\n\
             1 Tens of [-1000’s | 1 Tens of\n  \
               got here-] to    |   {+thousands\n  \
               the capital.     |   came+} to the\n                   \
                                |   capital.\n"
        );
        assert_aligned(&out, 40);
        assert!(out.lines().all(|l| !l.ends_with(' ')), "no trailing spaces: {out:?}");
    }

    #[test]
    fn wide_characters_tabs_and_long_words_keep_columns() {
        let old = "東京で\t1000’s人が got here 👩‍👩‍👧 ok.\n\tindented\tline\n\
                   averyveryveryverylongwordthatcannotfitanywhere and more “quoted” text\n";
        let new = "東京で\tthousands人が came 👩‍👩‍👧 ok.\n\tindented\tline\n\
                   averyveryveryverylongwordthatcannotfitanywhere and less “quoted” text\n";
        let cmp = Comparison::between(old, new);
        for width in [30, 41, 80, 120] {
            let out = side_by_side(&cmp, "h", &opts(width));
            assert_aligned(&out, width);
            assert!(!out.contains('\t'), "tabs are expanded");
        }
        let out = side_by_side(&cmp, "h", &opts(80));
        assert!(out.contains("2     indented    line"), "{out}");
        // The emoji family stays one cluster of width 2.
        assert!(out.contains("👩‍👩‍👧"), "{out}");
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let cmp = Comparison::between("a\u{1b}[31mred b\r\n", "a\u{1b}[31mred c\r\n");
        let out = side_by_side(&cmp, "h", &opts(40));
        assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
        assert!(out.contains("a␛[31mred"), "{out}");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        let mut c = Cells::default();
        c.push_str("ab cd abcdefgh", Mark::Plain);
        let rows: Vec<String> =
            wrap(&c.cells, 5).iter().map(|r| r.iter().filter_map(|c| c.text.clone()).collect()).collect();
        assert_eq!(rows, ["ab cd", "abcde", "fgh"]);
        let mut c = Cells::default();
        c.push_str("a東京", Mark::Plain);
        let rows = wrap(&c.cells, 2);
        assert_eq!(rows.len(), 3, "a wide character never straddles a row: {rows:?}");
    }

    #[test]
    fn inline_marks_changes() {
        let cmp =
            Comparison::between("one\n\nTens of 1000’s got here.\n", "one\n\nTens of thousands came.\n");
        let out = inline(&cmp, "h", &Options { width: 80, color: false, context: Some(0) });
        assert_eq!(out, "h\n... 2 unchanged lines\n3 Tens of [-1000’s got here-]{+thousands came+}.\n");
        let colored = inline(&cmp, "h", &Options { width: 80, color: true, context: Some(0) });
        assert!(colored.contains("\u{1b}[31m[-1000’s got here-]\u{1b}[0m"), "{colored:?}");
        assert!(colored.contains("\u{1b}[32m{+thousands came+}\u{1b}[0m"), "{colored:?}");
    }

    #[test]
    fn color_off_means_no_escapes() {
        let cmp = Comparison::between("a b\n", "a c\n");
        for out in [side_by_side(&cmp, "h", &opts(40)), inline(&cmp, "h", &opts(40))] {
            assert!(!out.contains('\u{1b}'), "{out:?}");
        }
        let out = side_by_side(&cmp, "h", &Options { width: 40, color: true, context: None });
        assert!(out.contains("\u{1b}[31mb\u{1b}[0m") && out.contains("\u{1b}[32mc\u{1b}[0m"), "{out:?}");
    }
}
