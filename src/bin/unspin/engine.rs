//! Building the engine, the same way for every command: flags and config file →
//! [`Settings`] → dictionary (embedded packs, selected; user dictionaries; disabled
//! entries removed; ignore rules) → [`Repairer`].

use anyhow::{bail, Context, Result};
use unspin::dict::EMBEDDED;
use unspin::ignore::Ignore;
use unspin::text::normalize_phrase;
use unspin::{Config, Dictionary, Gate, Pack, QuoteMode, Repairer};

use crate::args::{EngineArgs, Quotes};
use crate::config::{MinKind, Settings};

/// The repairer for a command's engine flags (and the config file they select).
pub fn repairer(engine: &EngineArgs) -> Result<Repairer> {
    build(&Settings::resolve(engine)?)
}

/// The repairer for resolved settings.
pub fn build(settings: &Settings) -> Result<Repairer> {
    let dict = dictionary(settings)?;
    let repairer = Repairer::new(&dict, config(settings))?;
    // The process ends soon after: freeing thousands of entries one by one would cost
    // more than checking a page of text, and the system takes the memory back anyway.
    std::mem::forget(dict);
    Ok(repairer)
}

/// The library's settings.
pub fn config(s: &Settings) -> Config {
    Config {
        gate: if s.min_kind.value == MinKind::Certain {
            Gate::OnlyCertain
        } else if s.assume_spun.value {
            Gate::AssumeSpun
        } else {
            Gate::Auto
        },
        threshold: s.threshold.value,
        quotes: match s.quotes.value {
            Quotes::Skip => QuoteMode::Skip,
            Quotes::Repair => QuoteMode::Repair,
        },
        numbers: s.numbers.value,
    }
}

/// The names of a dictionary's packs, in order, each once (several files may make up one
/// pack).
fn pack_names(dict: &Dictionary) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in dict.packs() {
        if !names.contains(&p.name) {
            names.push(p.name.clone());
        }
    }
    names
}

fn embedded() -> Result<Dictionary> {
    Dictionary::embedded().context("the embedded dictionary is broken (a bug: please report it)")
}

/// Read and parse a user dictionary.
pub fn read_pack(path: &std::path::Path) -> Result<Pack> {
    let src = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read dictionary", path.display()))?;
    Ok(Pack::from_toml(&src, &path.display().to_string())?)
}

/// The dictionary the settings describe.
pub fn dictionary(s: &Settings) -> Result<Dictionary> {
    let mut dict = if s.default_dictionaries.value { embedded()? } else { Dictionary::new() };
    let embedded_names = pack_names(&dict);
    if let Some(selected) = &s.packs.value {
        if !s.default_dictionaries.value {
            bail!("packs ({}) select embedded packs, but they are not loaded", s.packs.from);
        }
        let known = &embedded_names;
        for name in selected {
            if !known.contains(name) {
                bail!("unknown pack \"{name}\" ({}); the packs are: {}", s.packs.from, known.join(", "));
            }
        }
        // Before the user's dictionaries are pushed: they always apply.
        dict.retain_packs(selected);
    }
    let deselected = |pack: &str| {
        s.packs.value.as_ref().is_some_and(|sel| !sel.iter().any(|n| n == pack))
            && embedded_names.iter().any(|n| n == pack)
    };
    for d in &s.dictionaries {
        let pack = match &d.from {
            crate::config::Origin::File(config) => {
                read_pack(&d.value).with_context(|| format!("dictionary listed in {}", config.display()))?
            }
            _ => read_pack(&d.value)?,
        };
        dict.push(pack)?;
    }
    let mut disabled: Vec<(String, String)> = Vec::new();
    for id in &s.disable {
        let Some((pack, key)) = id.value.split_once(':') else {
            bail!("{}: disable: \"{}\" is not an entry id such as \"news:navy\"", id.from, id.value);
        };
        let (pack, key) = (pack.trim().to_owned(), normalize_phrase(key));
        if deselected(&pack) {
            continue;
        }
        if dict.entry(&pack, &key).is_none() {
            bail!("{}: disable: no entry \"{}\" in the dictionaries loaded", id.from, id.value);
        }
        disabled.push((pack, key));
    }
    let min_kind = s.min_kind.value;
    // Certain-only is a gate of the engine; a lower bound that keeps contextual entries
    // and drops likely ones removes entries.
    let filter_kinds = min_kind == MinKind::Contextual;
    if !disabled.is_empty() || filter_kinds {
        let mut kept = Dictionary::new();
        for pack in dict.packs() {
            let mut pack = pack.clone();
            pack.entries.retain(|e| {
                min_kind.admits(e.kind) && !disabled.iter().any(|(p, k)| p == &e.pack && k == &e.key)
            });
            kept.push(pack)?;
        }
        dict = kept;
    }
    if !s.ignore.is_empty() {
        let mut rules = Vec::new();
        for i in &s.ignore {
            let (phrase, ids) = &i.value;
            for id in ids {
                rules.push(Ignore::new(phrase, id).with_context(|| {
                    format!("{}: [ignore] \"{phrase}\" = \"{id}\": expected a phrase and an entry id such as \"news:navy\"", i.from)
                })?);
            }
        }
        dict.push(Pack {
            name: "config".to_owned(),
            description: "[ignore] rules of the config file".to_owned(),
            source: s.file.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
            license: String::new(),
            classes: Default::default(),
            entries: Vec::new(),
            ignore: rules,
        })?;
    }
    Ok(dict)
}

/// The embedded packs' sources, as (name, TOML), for `dict` commands.
pub fn embedded_sources() -> Vec<(String, String)> {
    EMBEDDED.iter().map(|(name, src)| (format!("<embedded>/{name}"), (*src).to_owned())).collect()
}
