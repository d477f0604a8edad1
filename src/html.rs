//! A self-contained HTML report of a [`Comparison`]: the two texts side by side, each
//! change highlighted with its dictionary entry and kind on hover, the spin score and
//! counts at the top, and a list of the edits. Inline CSS only — no scripts, fonts or
//! other files — with light and dark colors (`prefers-color-scheme`). Everything from
//! the texts is HTML-escaped.
//!
//! ```
//! use unspin::diff::{Comparison, Summary};
//! let cmp = Comparison::between("if x < y\n", "if x > y\n");
//! let page = unspin::html::page(&cmp, &Summary::of_comparison("<a>.txt", "b.txt", &cmp));
//! assert!(page.contains("<del>&lt;</del>") && page.contains("<ins>&gt;</ins>"));
//! assert!(page.contains("&lt;a&gt;.txt") && !page.contains("<a>"));
//! ```

use std::fmt::Write as _;

use crate::diff::{Comparison, Part, Side, Summary};

/// Escape `s` for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --row: #fff8c5; --del-bg: #ffebe9; --del-fg: #82071e; --ins-bg: #dafbe1; --ins-fg: #116329; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --head: #151b23;
  --row: #1c1a10; --del-bg: #4b1518; --del-fg: #ffb1ab; --ins-bg: #12361d; --ins-fg: #8ee89b; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.3rem; margin: 0 0 .4rem; word-break: break-all; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
p { margin: .3rem 0; }
.muted { color: var(--muted); }
.chips span { display: inline-block; margin: .2rem .4rem .2rem 0; padding: .05rem .6rem;
  border: 1px solid var(--line); border-radius: 1rem; background: var(--head); }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; vertical-align: top; text-align: left; }
th { background: var(--head); position: sticky; top: 0; }
.diff td.text { white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; }
.diff td.no, .diff th.no { width: 3.5rem; text-align: right; color: var(--muted);
  font: 12px/1.9 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.diff td.no a, .edits td.no a { color: inherit; }
.diff td.no a { text-decoration: none; }
.diff tr.changed td.no { background: var(--row); }
.diff tr.blank td { padding-top: 0; padding-bottom: 0; height: .7rem; font-size: 0; }
.diff td.text + td.no { border-left: 1px solid var(--line); }
del, ins { text-decoration: none; border-radius: 3px; padding: 0 .1em; cursor: help; }
del { background: var(--del-bg); color: var(--del-fg); text-decoration: line-through; text-decoration-thickness: 1px; }
ins { background: var(--ins-bg); color: var(--ins-fg); }
.certain { border-bottom: 2px solid; }
.likely { border-bottom: 2px dashed; }
.contextual { border-bottom: 2px dotted; }
.edits td { overflow-wrap: anywhere; }
.edits code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
"#;

/// The whole page.
pub fn page(cmp: &Comparison<'_>, summary: &Summary) -> String {
    let mut out = String::new();
    let name = escape(&summary.name);
    let new_title = summary.against.as_deref().map_or_else(|| "repaired".to_owned(), escape);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>unspin diff: {name}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n"
    );
    match &summary.against {
        Some(other) => {
            let _ = writeln!(out, "<h1>{name} <span class=\"muted\">vs</span> {}</h1>", escape(other));
        }
        None => {
            let _ = writeln!(out, "<h1>{name} <span class=\"muted\">repaired by unspin</span></h1>");
        }
    }
    if let Some(s) = &summary.score {
        let _ = writeln!(
            out,
            "<p>Spin score <strong>{:.1}</strong> ({} certain artifact{} in {} words): <strong>{}</strong></p>",
            s.per_1000,
            s.certain,
            if s.certain == 1 { "" } else { "s" },
            s.words,
            if s.spun { "spun" } else { "not spun" }
        );
        let [certain, likely, contextual] = summary.per_kind;
        let _ = writeln!(
            out,
            "<p class=\"chips\"><span>{} edit{}</span><span class=\"certain\">{certain} certain</span>\
             <span class=\"likely\">{likely} likely</span><span class=\"contextual\">{contextual} contextual</span></p>",
            summary.changes,
            if summary.changes == 1 { "" } else { "s" }
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"chips\"><span>{} change{}</span></p>",
            summary.changes,
            if summary.changes == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"muted\"><del>removed</del> <ins>inserted</ins> · hover a change to see its dictionary entry and kind</p>\n</header>"
    );

    let _ = writeln!(
        out,
        "<table class=\"diff\">\n<thead><tr><th class=\"no\">#</th><th>{name}</th><th class=\"no\">#</th><th>{new_title}</th></tr></thead>\n<tbody>"
    );
    let lines = cmp.lines();
    let mut edits = Vec::new();
    for line in &lines {
        let class = if line.is_changed() {
            " class=\"changed\""
        } else if line.is_blank() {
            " class=\"blank\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr id=\"L{0}\"{class}><td class=\"no\"><a href=\"#L{0}\">{0}</a></td><td class=\"text\">",
            line.old_no
        );
        side(&mut out, cmp, &line.parts, Side::Old);
        let _ = write!(out, "</td><td class=\"no\">{}</td><td class=\"text\">", line.new_no);
        side(&mut out, cmp, &line.parts, Side::New);
        out.push_str("</td></tr>\n");
        for part in &line.parts {
            if let Part::Changed { old, new, change } = part {
                edits.push((line.old_no, *old, *new, *change));
            }
        }
    }
    out.push_str("</tbody>\n</table>\n");

    if !edits.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Changes</h2>\n<table class=\"edits\">\n<thead><tr><th class=\"no\" style=\"width:4rem\">line</th>\
             <th>found</th><th>replacement</th><th>entry</th><th style=\"width:7rem\">kind</th></tr></thead>\n<tbody>"
        );
        for (no, old, new, i) in edits {
            let c = &cmp.changes[i];
            let kind = c.kind.map_or(String::new(), |k| k.to_string());
            let _ = writeln!(
                out,
                "<tr><td class=\"no\"><a href=\"#L{no}\">{no}</a></td><td><del{class}>{}</del></td><td><ins{class}>{}</ins></td>\
                 <td><code>{}</code></td><td>{kind}</td></tr>",
                escape(old),
                escape(new),
                escape(c.entry.as_deref().unwrap_or("")),
                class = kind_class(c.kind.map(|k| k.as_str())),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn kind_class(kind: Option<&str>) -> String {
    kind.map_or(String::new(), |k| format!(" class=\"{k}\""))
}

/// One side of a line: plain text escaped, changes wrapped in `<del>` or `<ins>` with
/// their entry and kind as the tooltip.
fn side(out: &mut String, cmp: &Comparison<'_>, parts: &[Part<'_>], side: Side) {
    for part in parts {
        match part {
            Part::Same(s) => out.push_str(&escape(s)),
            Part::Changed { old, new, change } => {
                let (tag, text) = match side {
                    Side::Old => ("del", old),
                    Side::New => ("ins", new),
                };
                if text.is_empty() {
                    continue;
                }
                let c = &cmp.changes[*change];
                let label = c.label();
                let title =
                    if label.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(&label)) };
                let class = kind_class(c.kind.map(|k| k.as_str()));
                let _ = write!(out, "<{tag}{class}{title}>{}</{tag}>", escape(text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Kind;
    use crate::edit::Edit;
    use crate::repair::Repair;
    use crate::score::SpinScore;

    #[test]
    fn escapes_everything() {
        assert_eq!(escape(r#"<a href="x">&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        let text = "<script>alert(1)</script> & got here\n";
        let at = text.find("got here").unwrap();
        let edits = [Edit {
            span: at..at + 8,
            found: "got here".into(),
            replacement: "came <\"now\">".into(),
            entry: "evil:\"><script>".into(),
            kind: Kind::Certain,
            confidence: 0.99,
        }];
        let repair = Repair { score: SpinScore::new(5, 1, 2.0), edits: edits.to_vec() };
        let cmp = Comparison::from_repair(text, &repair);
        let page = page(&cmp, &Summary::of_repair("<name>.txt", &repair));
        assert!(!page.contains("<script>") && !page.contains("<name>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; "));
        assert!(page.contains(
            "<del class=\"certain\" title=\"evil:&quot;&gt;&lt;script&gt; (certain)\">got here</del>"
        ));
        assert!(page.contains("<ins class=\"certain\" title=\"evil:&quot;&gt;&lt;script&gt; (certain)\">came &lt;&quot;now&quot;&gt;</ins>"));
    }

    #[test]
    fn page_is_self_contained_and_has_both_color_schemes() {
        let cmp = Comparison::between("a b\n", "a c\n");
        let page = page(&cmp, &Summary::of_comparison("s.txt", "o.txt", &cmp));
        assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
        assert!(page.contains("prefers-color-scheme: dark"));
        for external in ["http:", "https:", "<script", "<link", "@import", "url("] {
            assert!(!page.contains(external), "{external}");
        }
        assert!(page.contains("<td class=\"text\">a <del>b</del></td>"), "{page}");
    }
}
