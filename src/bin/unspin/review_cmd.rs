//! `unspin review`: walk the edits with the reviewer through the library's
//! [`Review`], then write what was accepted. Keys come from the terminal one by one
//! (raw mode, always restored), or one per line when standard input is not a terminal.
//! Everything shown goes to standard error.

use std::fs;
use std::io::{self, BufRead, IsTerminal, StdinLock, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};
use unspin::diff::Side;
use unspin::render::{passage, Options};
use unspin::review::{Answer, Command, Current, Review};

use crate::args::{ColorWhen, ReviewArgs};
use crate::input::{self, Source};

pub fn run(args: &ReviewArgs) -> Result<ExitCode> {
    if args.file.as_os_str() == "-" {
        bail!("review needs a FILE: standard input carries the answers");
    }
    let source = Source::File(args.file.clone());
    let name = source.name();
    let text = source.read()?;
    // Before the review, not after it: a refused write would throw the answers away.
    let options = input::WriteOptions {
        backup: false,
        follow_symlinks: args.follow_symlinks,
        keep_hard_links: args.keep_hard_links,
    };
    let target = args.output.as_deref().unwrap_or(&args.file);
    let replacement = input::Replacement::check(target, options)?;
    let repair = super::repairer(&args.engine)?.repair(&text);
    let stderr = io::stderr();
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => anstream::AutoStream::choice(&stderr) != anstream::ColorChoice::Never,
    };
    let width = terminal_size::terminal_size_of(&stderr)
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()))
        .filter(|&w| w > 0)
        .unwrap_or(80);
    let mut keys = if io::stdin().is_terminal() {
        restore_terminal_on_panic();
        Keys::Terminal
    } else {
        Keys::Lines(io::stdin().lock())
    };
    let mut ui = stderr.lock();
    let mut review = Review::new(&text, &repair);
    let n = review.edits().len();
    writeln!(ui, "{name}: {n} edit{} to review; ? shows the keys", if n == 1 { "" } else { "s" })?;
    let outcome = session(&mut review, &mut keys, &mut ui, color, width)?;
    if outcome == Outcome::Abort {
        writeln!(ui, "{name}: aborted, nothing written")?;
        return Ok(ExitCode::from(1));
    }
    let output = review.output();
    let written = args.output.is_some() || output != text;
    if written {
        replacement.write(&output)?;
    }
    if let Some(path) = &args.remember {
        remember(path, &review, &mut ui)?;
    }
    writeln!(ui, "{name}: {}", review.summary())?;
    if written {
        writeln!(ui, "wrote {}", target.display())?;
    } else {
        writeln!(ui, "{name}: unchanged")?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Every edit was decided.
    Done,
    /// `q` (or the end of the input): write what was decided.
    Quit,
    /// `x` (or Ctrl-C): write nothing.
    Abort,
}

/// Ask about each edit until all are decided or the reviewer stops.
fn session(
    review: &mut Review<'_>,
    keys: &mut Keys<'_>,
    ui: &mut impl Write,
    color: bool,
    width: usize,
) -> Result<Outcome> {
    let mut shown = None;
    loop {
        let replacement = {
            let Some(current) = review.current() else { return Ok(Outcome::Done) };
            if shown != Some(current.index) {
                show(ui, &current, color, width)?;
                shown = Some(current.index);
            }
            current.replacement.clone()
        };
        let prompt = format!("Apply this edit? [{}] ", Command::prompt_keys());
        let command = match keys.key(ui, &prompt)? {
            Input::Key(c) => {
                writeln!(ui, "{c}")?;
                match Command::from_key(c) {
                    Some(command) => command,
                    None => {
                        writeln!(ui, "unknown key {c:?}; ? shows the keys")?;
                        continue;
                    }
                }
            }
            Input::Other(line) => {
                writeln!(ui, "{line}")?;
                writeln!(ui, "unknown answer {line:?}: type one key, ? shows them")?;
                continue;
            }
            Input::Interrupt => {
                writeln!(ui, "^C")?;
                Command::Abort
            }
            Input::End => {
                writeln!(ui)?;
                writeln!(ui, "end of input: quitting (undecided edits are rejected)")?;
                Command::Quit
            }
        };
        match command {
            Command::Accept => _ = review.answer(Answer::Accept),
            Command::Reject => _ = review.answer(Answer::Reject),
            Command::AcceptEntry => _ = review.answer(Answer::AcceptEntry),
            Command::RejectEntry => _ = review.answer(Answer::RejectEntry),
            Command::Edit => match keys.line(ui, "New text (empty: cancel): ", &replacement)? {
                Some(new) if !new.trim().is_empty() => _ = review.answer(Answer::Replace(new)),
                _ => writeln!(ui, "edit cancelled")?,
            },
            Command::Undo => {
                if review.undo() {
                    writeln!(ui, "undone")?;
                    shown = None;
                } else {
                    writeln!(ui, "nothing to undo")?;
                }
            }
            Command::Quit => return Ok(Outcome::Quit),
            Command::Abort => return Ok(Outcome::Abort),
            Command::Help => write!(ui, "{}", Command::help())?,
        }
    }
}

/// The edit in its sentence: before (removed text red, or `[-…-]`) and after
/// (inserted text green, or `{+…+}`).
fn show(ui: &mut impl Write, current: &Current<'_>, color: bool, width: usize) -> Result<()> {
    let edit = current.edit;
    writeln!(ui)?;
    writeln!(
        ui,
        "[{}/{}] sentence {}/{}: {} ({})",
        current.index + 1,
        current.total,
        current.sentence + 1,
        current.sentences,
        edit.entry,
        edit.kind
    )?;
    let cmp = current.comparison();
    let opts = Options { width: width.saturating_sub(4).max(20), color, context: None };
    for (sign, side) in [('-', Side::Old), ('+', Side::New)] {
        for (i, row) in passage(&cmp, &[side], &opts).iter().enumerate() {
            writeln!(ui, "  {} {row}", if i == 0 { sign } else { ' ' })?;
        }
    }
    Ok(())
}

fn remember(path: &Path, review: &Review<'_>, ui: &mut impl Write) -> Result<()> {
    let lessons = review.lessons();
    if lessons.is_empty() {
        return Ok(());
    }
    let existing = match fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("{}: cannot read", path.display())),
    };
    let (file, notes) = unspin::review::remember(&existing, &path.display().to_string(), &lessons)?;
    for note in notes {
        writeln!(ui, "unspin: {note}")?;
    }
    input::update_file(path, &file)?;
    let (i, e) = (lessons.ignores.len(), lessons.entries.len());
    writeln!(
        ui,
        "remembered in {}: {i} to ignore, {e} new entr{}",
        path.display(),
        if e == 1 { "y" } else { "ies" }
    )?;
    Ok(())
}

/// One thing the reviewer typed.
enum Input {
    Key(char),
    /// A line that is not one key (piped input).
    Other(String),
    /// Ctrl-C.
    Interrupt,
    /// End of input, or Ctrl-D.
    End,
}

/// Where answers come from.
enum Keys<'a> {
    /// Single key presses, in raw mode only while waiting for one.
    Terminal,
    /// One answer per line.
    Lines(StdinLock<'a>),
}

impl Keys<'_> {
    /// Show `prompt` (one line, no line break) and read an answer.
    fn key(&mut self, ui: &mut impl Write, prompt: &str) -> Result<Input> {
        match self {
            Keys::Terminal => terminal_key(ui, prompt),
            Keys::Lines(stdin) => Ok(match read_line_after(stdin, ui, prompt)? {
                None => Input::End,
                Some(line) => {
                    let line = line.trim();
                    let mut chars = line.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => Input::Key(c),
                        _ => Input::Other(line.to_owned()),
                    }
                }
            }),
        }
    }

    /// A line of text; in a terminal it starts as `initial` and can be edited.
    /// `None` when cancelled.
    fn line(&mut self, ui: &mut impl Write, prompt: &str, initial: &str) -> Result<Option<String>> {
        match self {
            Keys::Terminal => terminal_line(ui, prompt, initial),
            Keys::Lines(stdin) => {
                let line = read_line_after(stdin, ui, prompt)?;
                writeln!(ui, "{}", line.as_deref().unwrap_or(""))?;
                Ok(line)
            }
        }
    }
}

fn read_line_after(stdin: &mut StdinLock<'_>, ui: &mut impl Write, prompt: &str) -> Result<Option<String>> {
    write!(ui, "{prompt}")?;
    ui.flush()?;
    let mut line = String::new();
    if stdin.read_line(&mut line).context("cannot read standard input")? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
}

/// Raw mode for as long as it lives: restored on every return, error or unwinding panic.
struct RawMode;

impl RawMode {
    fn on() -> Result<RawMode> {
        terminal::enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Restore the terminal before a panic message is printed (and whatever the panic
/// strategy).
fn restore_terminal_on_panic() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = terminal::disable_raw_mode();
        default(info);
    }));
}

/// Raw mode goes on before the prompt is shown, so that a key pressed as soon as it
/// shows is neither echoed nor held back for a line break.
fn terminal_key(ui: &mut impl Write, prompt: &str) -> Result<Input> {
    let _raw = RawMode::on()?;
    write!(ui, "{prompt}")?;
    ui.flush()?;
    loop {
        let Event::Key(key) = event::read().context("cannot read the keyboard")? else { continue };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            match key.code {
                KeyCode::Char('c') => return Ok(Input::Interrupt),
                KeyCode::Char('d') => return Ok(Input::End),
                _ => continue,
            }
        }
        if let KeyCode::Char(c) = key.code {
            return Ok(Input::Key(c));
        }
    }
}

/// A one-line editor: type, Backspace, Ctrl-U clears, Enter accepts, Esc or Ctrl-C
/// cancels.
fn terminal_line(ui: &mut impl Write, prompt: &str, initial: &str) -> Result<Option<String>> {
    let _raw = RawMode::on()?;
    let mut text = initial.to_owned();
    loop {
        queue!(ui, cursor::MoveToColumn(0), terminal::Clear(terminal::ClearType::CurrentLine))?;
        write!(ui, "{prompt}{text}")?;
        ui.flush()?;
        let Event::Key(key) = event::read().context("cannot read the keyboard")? else { continue };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => {
                write!(ui, "\r\n")?;
                return Ok(Some(text));
            }
            KeyCode::Esc => {
                write!(ui, "\r\n")?;
                return Ok(None);
            }
            KeyCode::Char('c') if control => {
                write!(ui, "\r\n")?;
                return Ok(None);
            }
            KeyCode::Char('u') if control => text.clear(),
            KeyCode::Backspace => _ = text.pop(),
            KeyCode::Char(c) if !control && !c.is_control() => text.push(c),
            _ => {}
        }
    }
}
