//! Text helpers: normalization for matching, words around a position, line and column.
//!
//! Matching runs over a *normalized view* of the text in which every run of whitespace
//! is one space and curly apostrophes are straight, so that "1000’s" and "got\n  here"
//! match the dictionary's "1000's" and "got here". The view keeps a sparse map back to
//! the original bytes; edits are always expressed in original offsets.

use std::borrow::Cow;
use std::ops::Range;

/// Characters treated as an apostrophe.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Is `c` part of a word (letters, digits, and marks that combine with them)?
#[inline]
pub fn is_word_char(c: char) -> bool {
    // ASCII first: it is most of any text, and the Unicode tables cost a lookup each.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Then the rest of Latin-1 and the curly quotes and dashes of news copy, which
    // cost a search of the Unicode tables each (a test checks these ranges whole).
    match c as u32 {
        0xC0..=0xFF => c != '×' && c != '÷',
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

const CHUNK: usize = 32;

/// If the next [`CHUNK`] bytes (and the one after) are printable ASCII with only single
/// spaces between words, the number of spaces among them (each starts a word).
fn plain_chunk(bytes: &[u8]) -> Option<usize> {
    // Fixed-size arrays and branch-free byte arithmetic, so that the loop compiles to
    // vector instructions.
    let window: &[u8; CHUNK + 1] = bytes.get(..=CHUNK)?.try_into().ok()?;
    let mut special = 0u8;
    let mut spaces = 0u8;
    for k in 0..CHUNK {
        let (b, n) = (window[k], window[k + 1]);
        let space = u8::from(b == b' ');
        special |= u8::from(!(0x20..0x80).contains(&b)) | (space & u8::from(!(0x21..0x80).contains(&n)));
        spaces += space;
    }
    (special == 0).then_some(usize::from(spaces))
}

// Eight bytes at a time in one integer ("SWAR"): a test on every byte leaves its answer
// in that byte's high bit. Exact for bytes below 0x80, where no sum carries into the
// next byte.

/// The high bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
pub(crate) const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// `b` in every byte.
pub(crate) const fn each(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The bytes of `x` equal to `b`, in their high bits (exact for any bytes).
#[inline(always)]
pub(crate) fn equal8(x: u64, b: u8) -> u64 {
    let t = x ^ each(b);
    !(((t & LOW7) + LOW7) | t) & HIGH
}

/// [`plain_chunk`]'s test for the eight bytes at `i`: the bytes that are not plain (in
/// the high bit of each), and the spaces among the plain ones (each starts a word).
/// `None` if fewer than nine bytes are left.
#[inline(always)]
fn plain8(bytes: &[u8], i: usize) -> Option<(u64, u64)> {
    let x = u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?);
    let next = u64::from_le_bytes(bytes.get(i + 1..i + 9)?.try_into().ok()?);
    // 0x20..0x80 for every byte, 0x21..0x80 for the byte after a space (exact: a byte
    // below 0x80 plus at most 0x60 carries into nothing).
    let printable = ((x & LOW7) + each(0x80 - 0x20)) & !x & HIGH;
    let word_next = ((next & LOW7) + each(0x80 - 0x21)) & !next & HIGH;
    let space = equal8(x, b' ');
    let special = (!printable & HIGH) | (space & !word_next);
    Some((special, space & !special))
}

const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const OTHER: u8 = 2;

/// What a byte can start: plain ASCII that normalization leaves alone, a space, or
/// something to look at (other ASCII whitespace, any non-ASCII lead or continuation).
static BYTE_CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b == b' ' as usize {
            SPACE
        } else if b >= 0x80 || (b as u8).is_ascii_whitespace() || b == 0x0B {
            OTHER
        } else {
            PLAIN
        };
        b += 1;
    }
    t
};

/// The byte length of the whitespace character at `i`, if there is one.
fn whitespace_len(text: &str, i: usize) -> Option<usize> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return (b.is_ascii_whitespace() || b == 0x0B).then_some(1);
    }
    let c = text[i..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// A word of up to sixteen bytes, ASCII-lowercased and zero-padded into one integer.
/// No word holds a NUL byte, so the padding cannot make two words equal.
pub(crate) fn pack16(bytes: &[u8]) -> Option<u128> {
    pack16_at(bytes, 0, bytes.len())
}

/// [`pack16`] of `hay[start..start + len]`, read as one 16-byte load where the text
/// allows (a variable-length copy costs a call and a stalled reload).
#[inline]
pub(crate) fn pack16_at(hay: &[u8], start: usize, len: usize) -> Option<u128> {
    if len > 16 {
        return None;
    }
    let raw = match hay.get(start..start + 16) {
        Some(chunk) => u128::from_le_bytes(chunk.try_into().ok()?),
        None => load_short(&hay[start..start + len]),
    };
    let raw = if len == 16 { raw } else { raw & ((1u128 << (8 * len)) - 1) };
    let low = ascii_lowercase8(raw as u64);
    let high = ascii_lowercase8((raw >> 64) as u64);
    Some(u128::from(low) | (u128::from(high) << 64))
}

/// The bytes of `bytes` (at most 16), little-endian, zero-padded: from two loads that
/// may overlap, so that the short copy calls no `memcpy` (a call and a mispredicted
/// branch on the length, for every word a context looks up).
#[inline(always)]
pub(crate) fn load_short(bytes: &[u8]) -> u128 {
    let len = bytes.len();
    let le64 = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let le32 = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default());
    match len {
        8..=16 => u128::from(le64(0)) | (u128::from(le64(len - 8)) << (8 * (len - 8))),
        4..=7 => u128::from(u64::from(le32(0)) | (u64::from(le32(len - 4)) << (8 * (len - 4)))),
        1..=3 => u128::from(
            u32::from(bytes[0])
                | (u32::from(bytes[len / 2]) << (8 * (len / 2)))
                | (u32::from(bytes[len - 1]) << (8 * (len - 1))),
        ),
        _ => 0,
    }
}

/// The eight bytes of `x` with ASCII capitals lowercased (other bytes unchanged), all
/// at once: a byte is a capital if it is at least `A`, at most `Z` and below 0x80.
pub(crate) fn ascii_lowercase8(x: u64) -> u64 {
    let low = x & LOW7;
    let at_least_a = (low + 0x3f3f_3f3f_3f3f_3f3f) & HIGH; // low + (0x80 - b'A')
    let above_z = (low + 0x2525_2525_2525_2525) & HIGH; // low + (0x80 - b'Z' - 1)
    let capital = at_least_a & !above_z & !x & HIGH;
    x | (capital >> 2)
}

/// A phrase as the matcher sees it: lowercase, single spaces, straight apostrophes.
pub fn normalize_phrase(s: &str) -> String {
    // Most phrases already are: lowercase ASCII, single spaces.
    let plain = s.bytes().all(|b| (0x20..0x7f).contains(&b) && !b.is_ascii_uppercase())
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ");
    if plain {
        return s.to_owned();
    }
    s.split_whitespace()
        .map(|w| {
            w.chars().map(|c| if is_apostrophe(c) { '\'' } else { c }).collect::<String>().to_lowercase()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The normalized view of a text, with a sparse map back to original offsets.
#[derive(Debug)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    /// Whitespace-separated words of the text, counted on the way.
    words: usize,
    /// (normalized offset, original offset) at every point where the two stop moving
    /// together; empty when the view is the text itself.
    anchors: Vec<(usize, usize)>,
    /// Added to every original offset: the start of the window this view covers.
    base: usize,
}

impl<'a> Normalized<'a> {
    /// Build the view. Costs one pass over the bytes; copies only when the text has
    /// something to normalize, and then copies plain stretches in bulk.
    pub fn new(original: &'a str) -> Normalized<'a> {
        let bytes = original.as_bytes();
        let mut text = String::new();
        let mut anchors = Vec::new();
        let mut copied = 0; // original bytes before this are in `text`
                            // A word starts at the text's start (unless it is whitespace) and after every
                            // whitespace run that something follows.
        let mut words = usize::from(whitespace_len(original, 0).is_none() && !original.is_empty());
        let mut i = 0;
        let mut slow_until = 0;
        while i < bytes.len() {
            // The hottest path: 32 bytes of plain ASCII and single spaces, checked in a
            // loop the compiler vectorizes. On failure go byte by byte for a while.
            if i >= slow_until {
                match plain_chunk(&bytes[i..]) {
                    Some(spaces) => {
                        words += spaces;
                        i += CHUNK;
                        continue;
                    }
                    None => slow_until = i + CHUNK,
                }
            }
            // Eight bytes at a time up to the next byte to look at, counting words.
            if let Some((special, spaces)) = plain8(bytes, i) {
                if special == 0 {
                    words += spaces.count_ones() as usize;
                    i += 8;
                    continue;
                }
                let k = special.trailing_zeros() as usize / 8;
                words += (spaces & ((1u64 << (8 * k)) - 1)).count_ones() as usize;
                i += k;
            }
            // The hot paths, by table: a plain byte, or a lone space before a plain byte.
            match BYTE_CLASS[bytes[i] as usize] {
                PLAIN => {
                    i += 1;
                    continue;
                }
                SPACE if bytes.get(i + 1).is_some_and(|&n| BYTE_CLASS[n as usize] == PLAIN) => {
                    words += 1;
                    i += 2;
                    continue;
                }
                _ => {}
            }
            if let Some(len) = whitespace_len(original, i) {
                let mut end = i + len;
                while let Some(more) = whitespace_len(original, end) {
                    end += more;
                }
                words += usize::from(end < bytes.len());
                if anchors.is_empty() {
                    text.reserve(original.len());
                    anchors.reserve(original.len() / 64);
                    anchors.push((0, 0));
                }
                text.push_str(&original[copied..i]);
                text.push(' ');
                anchors.push((text.len(), end));
                copied = end;
                i = end;
                continue;
            }
            let c = original[i..].chars().next().unwrap_or(' ');
            if is_apostrophe(c) && c != '\'' {
                if anchors.is_empty() {
                    text.reserve(original.len());
                    anchors.reserve(original.len() / 64);
                    anchors.push((0, 0));
                }
                text.push_str(&original[copied..i]);
                text.push('\'');
                anchors.push((text.len(), i + c.len_utf8()));
                copied = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
        if anchors.is_empty() {
            return Normalized { text: Cow::Borrowed(original), words, anchors, base: 0 };
        }
        text.push_str(&original[copied..]);
        Normalized { text: Cow::Owned(text), words, anchors, base: 0 }
    }

    /// The view of `text[window]`, whose [`Normalized::original`] offsets are offsets
    /// of the whole `text`: a search restricted to a window keeps the whole text as
    /// its context.
    pub fn window(text: &'a str, window: Range<usize>) -> Normalized<'a> {
        let base = window.start;
        Normalized { base, ..Normalized::new(&text[window]) }
    }

    /// The normalized offset of original offset `at` (inside the window): the inverse
    /// of [`Normalized::original`]. Inside a run of whitespace, or a character that
    /// normalizing shortened, the offset of what stands for it.
    pub fn normalized(&self, at: usize) -> usize {
        self.normalized_near(at, &mut 0)
    }

    /// [`Normalized::normalized`] for offsets that mostly come in order: `hint` is
    /// as for [`Normalized::original_near`].
    pub(crate) fn normalized_near(&self, at: usize, hint: &mut usize) -> usize {
        let o = at - self.base;
        if self.anchors.is_empty() {
            return o;
        }
        let starts_at = |i: usize| self.anchors.get(i).map_or(usize::MAX, |&(_, b)| b);
        let i = match *hint {
            h if starts_at(h) <= o && o < starts_at(h + 1) => h,
            h if starts_at(h + 1) <= o && o < starts_at(h + 2) => h + 1,
            _ => self.anchors.partition_point(|&(_, b)| b <= o) - 1,
        };
        *hint = i;
        let (a, b) = self.anchors[i];
        let n = a + (o - b);
        match self.anchors.get(i + 1) {
            Some(&(next, _)) if n >= next => next - 1,
            _ => n.min(self.text.len()),
        }
    }

    /// Number of whitespace-separated words in the text, as [`word_count`] counts them.
    pub fn words(&self) -> usize {
        self.words
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original offset of normalized offset `n`. A normalized space that stands
    /// for a run of whitespace maps to the run's start, the offset after it to the
    /// run's end.
    pub fn original(&self, n: usize) -> usize {
        self.original_near(n, &mut 0)
    }

    /// [`Normalized::original`] for offsets that mostly come in order, as a walk's
    /// hits do: `hint` is the anchor the last offset fell after, looked at (and the
    /// one after it) before searching them all.
    #[inline]
    pub(crate) fn original_near(&self, n: usize, hint: &mut usize) -> usize {
        if self.anchors.is_empty() {
            return self.base + n;
        }
        let starts_at = |i: usize| self.anchors.get(i).map_or(usize::MAX, |&(a, _)| a);
        let i = match *hint {
            h if starts_at(h) <= n && n < starts_at(h + 1) => h,
            h if starts_at(h + 1) <= n && n < starts_at(h + 2) => h + 1,
            _ => self.anchors.partition_point(|&(a, _)| a <= n) - 1,
        };
        *hint = i;
        let (a, o) = self.anchors[i];
        self.base + o + (n - a)
    }
}

/// Words around a point, lowercased and joined by single spaces in one buffer, so that
/// any run of them is a `&str` without allocating (a hit's context is judged on every
/// hit: a `Vec<String>` per look cost more than the search). Each word is also kept
/// packed into an integer, as the matcher packs words: word lists look single words
/// up by it.
///
/// The `fill_*` methods reuse one value's buffers, so that a caller judging many hits
/// allocates nothing after the first.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// The words, lowercased and joined by single spaces: UTF-8 by construction, kept
    /// as bytes so that a short ASCII word is written with one fixed-size copy.
    buf: Vec<u8>,
    /// Start and end in `buf` of each word.
    spans: Vec<(usize, usize)>,
    /// Each word packed as [`pack16`] packs it, 0 if it is too long (no word packs to
    /// 0): most lists are of single words, looked up by these alone.
    keys: Vec<u128>,
    /// Scratch for [`Words::fill_near`]: the words before the point, nearest first.
    back: Vec<(usize, usize)>,
}

impl Words {
    fn clear(&mut self) {
        self.buf.clear();
        self.spans.clear();
        self.keys.clear();
        self.back.clear();
    }

    /// Append `word` lowercased (and with curly apostrophes straight if `straight`).
    #[inline]
    fn push(&mut self, word: &str, straight: bool) {
        if !self.buf.is_empty() {
            self.buf.push(b' ');
        }
        let start = self.buf.len();
        let bytes = word.as_bytes();
        // Nearly every word: ASCII and at most sixteen bytes, lowercased in two integers
        // and written whole, then cut to length (a copy of variable length is a call).
        let raw = if bytes.len() <= 16 { load_short(bytes) } else { u128::MAX };
        if raw & (u128::from(HIGH) << 64 | u128::from(HIGH)) == 0 {
            let low = ascii_lowercase8(raw as u64);
            let high = ascii_lowercase8((raw >> 64) as u64);
            let key = u128::from(low) | u128::from(high) << 64;
            self.buf.extend_from_slice(&key.to_le_bytes());
            self.buf.truncate(start + bytes.len());
            self.spans.push((start, self.buf.len()));
            self.keys.push(key);
            return;
        } else if word.is_ascii() {
            self.buf.extend_from_slice(bytes);
            self.buf[start..].make_ascii_lowercase();
        } else if straight && word.contains(|c: char| is_apostrophe(c) && c != '\'') {
            let w: String = word.chars().map(|c| if is_apostrophe(c) { '\'' } else { c }).collect();
            self.buf.extend_from_slice(w.to_lowercase().as_bytes());
        } else {
            self.buf.extend_from_slice(word.to_lowercase().as_bytes());
        }
        self.spans.push((start, self.buf.len()));
        self.keys.push(pack16(&self.buf[start..]).unwrap_or(0));
    }

    /// `buf[start..end]` as text: the words and the single spaces between them.
    fn text(&self, start: usize, end: usize) -> &str {
        // Only whole words and the spaces between them are ever sliced, and each word
        // went in as a `str`.
        std::str::from_utf8(&self.buf[start..end]).expect("words are stored as UTF-8")
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True if there are no words.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Word `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.spans.get(i).map(|&(s, e)| self.text(s, e))
    }

    /// Words `i..i + n` joined by single spaces (`None` past the end).
    pub fn run(&self, i: usize, n: usize) -> Option<&str> {
        if n == 0 || i + n > self.spans.len() {
            return None;
        }
        Some(self.text(self.spans[i].0, self.spans[i + n - 1].1))
    }

    /// [`Words::run`] packed as [`pack16`] packs it, without reading it as text: how
    /// word lists look runs up. `Some(None)` for a run too long to pack.
    #[inline(always)]
    pub(crate) fn run_packed(&self, i: usize, n: usize) -> Option<Option<u128>> {
        if n == 1 {
            return self.keys.get(i).map(|&key| Some(key).filter(|&k| k != 0));
        }
        if n == 0 || i + n > self.spans.len() {
            return None;
        }
        let (start, end) = (self.spans[i].0, self.spans[i + n - 1].1);
        Some(pack16_at(&self.buf, start, end - start))
    }

    /// The words in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans.iter().map(|&(s, e)| self.text(s, e))
    }

    fn into_vec(self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }

    /// Up to `n` words just after `at`, lowercased with straight apostrophes, stopping
    /// at punctuation other than hyphens (so "navy-blue" yields "blue", but "navy.
    /// Staff" yields nothing).
    pub fn after(text: &str, at: usize, n: usize) -> Words {
        let mut out = Words::default();
        out.fill_after(text, at, n);
        out
    }

    /// [`Words::after`] into this value's buffers. Returns the end of the text it
    /// looked at: nothing after it can change what it took.
    pub fn fill_after(&mut self, text: &str, at: usize, n: usize) -> usize {
        self.clear();
        let tail = &text[at..];
        let bytes = tail.as_bytes();
        let mut start = None; // start of the word being read
        let mut i = 0; // the start of the character looked at
        while i < bytes.len() {
            let (class, len) = class_at(tail, i, &GAP_CLASS, gap_class_of);
            if class == GAP_WORD || (class == GAP_APOSTROPHE && start.is_some()) {
                start.get_or_insert(i);
                // The rest of an ASCII word at once.
                i = if class == GAP_WORD { alnum_run_end(bytes, i + len) } else { i + len };
                continue;
            }
            if let Some(s) = start.take() {
                self.push(tail[s..i].trim_end_matches(is_apostrophe), true);
                if self.len() == n {
                    return at + i + len;
                }
            }
            if class != GAP_SPACE {
                return at + i + len;
            }
            i += len;
        }
        if let Some(s) = start {
            if self.len() < n {
                self.push(tail[s..].trim_end_matches(is_apostrophe), true);
            }
        }
        text.len()
    }

    /// Up to `n` words just before `at`, nearest first, with the same rules as
    /// [`Words::after`].
    pub fn before(text: &str, at: usize, n: usize) -> Words {
        let mut out = Words::default();
        out.fill_before(text, at, n);
        out
    }

    /// [`Words::before`] into this value's buffers. Returns the start of the text it
    /// looked at.
    pub fn fill_before(&mut self, text: &str, at: usize, n: usize) -> usize {
        self.clear();
        let head = &text[..at];
        let bytes = head.as_bytes();
        let mut end = None; // end of the word being read
        let mut i = bytes.len(); // the end of the character looked at
        while i > 0 {
            let (class, char_start) = class_before(head, i, &GAP_CLASS, gap_class_of);
            if class == GAP_WORD || (class == GAP_APOSTROPHE && end.is_some()) {
                end.get_or_insert(i);
                i = if class == GAP_WORD { alnum_run_start(bytes, char_start) } else { char_start };
                continue;
            }
            if let Some(e) = end.take() {
                self.push(head[i..e].trim_start_matches(is_apostrophe), true);
                if self.len() == n {
                    return char_start;
                }
            }
            if class != GAP_SPACE {
                return char_start;
            }
            i = char_start;
        }
        if let Some(e) = end {
            if self.len() < n {
                self.push(head[..e].trim_start_matches(is_apostrophe), true);
            }
        }
        0
    }

    /// Up to `n` words either side of `start..end`, in reading order, within the
    /// sentence: crosses commas and the like but stops at sentence ends and blank lines.
    /// Words are taken as [`Words::after`] takes them: lowercase, apostrophes straight
    /// inside and dropped around them.
    /// Looks no further than it needs: the cost is the words taken, not the length of
    /// the sentence.
    pub fn near(text: &str, start: usize, end: usize, n: usize) -> Words {
        let mut out = Words::default();
        out.fill_near(text, start, end, n);
        out
    }

    /// [`Words::near`] into this value's buffers. Returns the stretch of text it
    /// looked at.
    pub fn fill_near(&mut self, text: &str, start: usize, end: usize, n: usize) -> Range<usize> {
        self.clear();
        if n == 0 {
            return start..end;
        }
        let mut seen = start..end;
        // Backwards from `start`: the words' byte ranges, nearest first.
        let head = &text[..start];
        let bytes = head.as_bytes();
        let mut back = std::mem::take(&mut self.back);
        let mut word_end = None;
        let mut i = bytes.len(); // the end of the character looked at
        while i > 0 {
            let (class, char_start) = class_before(head, i, &NEAR_CLASS, near_class_of);
            seen.start = char_start;
            if class == NEAR_WORD {
                word_end.get_or_insert(i);
                // The rest of an ASCII word at once.
                i = alnum_run_start(bytes, char_start);
                seen.start = i;
                continue;
            }
            if let Some(e) = word_end.take() {
                if let Some(w) = trimmed(head, i, e) {
                    back.push(w);
                    if back.len() == n {
                        break;
                    }
                }
            }
            if class == NEAR_END {
                break;
            }
            i = char_start;
        }
        if let Some(e) = word_end {
            if back.len() < n {
                back.extend(trimmed(head, 0, e));
            }
        }
        for &(s, e) in back.iter().rev() {
            self.push(&head[s..e], true);
        }
        self.back = back;
        let tail = &text[end..];
        let mut word_start = None;
        let mut taken = 0;
        let mut i = 0; // the start of the character looked at
        while i < tail.len() {
            let (class, len) = class_at(tail, i, &NEAR_CLASS, near_class_of);
            seen.end = end + i + len;
            if class == NEAR_WORD {
                word_start.get_or_insert(i);
                i = alnum_run_end(tail.as_bytes(), i + len);
                seen.end = end + i;
                continue;
            }
            if let Some(s) = word_start.take() {
                if let Some((s, e)) = trimmed(tail, s, i) {
                    self.push(&tail[s..e], true);
                    taken += 1;
                    if taken == n {
                        return seen;
                    }
                }
            }
            if class == NEAR_END {
                return seen;
            }
            i += len;
        }
        if let Some(s) = word_start {
            if let Some((s, e)) = trimmed(tail, s, tail.len()).filter(|_| taken < n) {
                self.push(&tail[s..e], true);
            }
        }
        seen
    }
}

/// How [`Words::fill_after`] and [`Words::fill_before`] read a character: part of a
/// word, an apostrophe (inside a word, part of it), a gap between words (whitespace or
/// a hyphen), or anything else, which ends the words.
const GAP_WORD: u8 = 1;
const GAP_APOSTROPHE: u8 = 2;
const GAP_SPACE: u8 = 3;
const GAP_STOP: u8 = 0;

/// [`GAP_WORD`] and the rest for each ASCII byte.
static GAP_CLASS: [u8; 128] = {
    let mut t = [GAP_STOP; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            GAP_WORD
        } else if c == b'\'' {
            GAP_APOSTROPHE
        } else if c == b'-' || c.is_ascii_whitespace() || c == 0x0B {
            GAP_SPACE
        } else {
            GAP_STOP
        };
        b += 1;
    }
    t
};

/// The class of a character outside ASCII.
fn gap_class_of(c: char) -> u8 {
    if is_word_char(c) {
        GAP_WORD
    } else if is_apostrophe(c) {
        GAP_APOSTROPHE
    } else if c.is_whitespace() || c == '\u{2010}' {
        GAP_SPACE
    } else {
        GAP_STOP
    }
}

/// The class of the character at byte `i` of `s` and its length: ASCII by `table`,
/// anything else by `of`. (The word walks' tables, [`GAP_CLASS`] and [`NEAR_CLASS`].)
#[inline(always)]
fn class_at(s: &str, i: usize, table: &[u8; 128], of: fn(char) -> u8) -> (u8, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return (table[b as usize], 1);
    }
    let c = s[i..].chars().next().unwrap_or(' ');
    (of(c), c.len_utf8())
}

/// [`class_at`] for the character that ends at byte `i` of `s`, and where it starts.
#[inline(always)]
fn class_before(s: &str, i: usize, table: &[u8; 128], of: fn(char) -> u8) -> (u8, usize) {
    let b = s.as_bytes()[i - 1];
    if b.is_ascii() {
        return (table[b as usize], i - 1);
    }
    let c = s[..i].chars().next_back().unwrap_or(' ');
    (of(c), i - c.len_utf8())
}

/// How many of the eight bytes of `x`, from the first, are ASCII letters or digits:
/// a word walk's inner loop, eight bytes a step (English words average five or six
/// letters, so most take one step).
#[inline]
pub(crate) fn ascii_word_bytes(x: u64) -> usize {
    ((!ascii_word_mask(x) & HIGH).trailing_zeros() / 8) as usize
}

/// The high bit of each byte of `x` that is an ASCII letter or digit.
#[inline(always)]
fn ascii_word_mask(x: u64) -> u64 {
    let v = x & LOW7;
    let folded = v | each(0x20); // capitals to small letters; digits stay digits
    let letter = (folded + each(0x80 - b'a')) & !(folded + each(0x7f - b'z'));
    let digit = (v + each(0x80 - b'0')) & !(v + each(0x7f - b'9'));
    (letter | digit) & !x & HIGH
}

/// The end of the run of ASCII letters and digits that starts at `i`.
#[inline]
pub(crate) fn alnum_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let n = ascii_word_bytes(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        i += n;
        if n < 8 {
            return i;
        }
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
}

/// The start of the run of ASCII letters and digits that ends at `i`.
#[inline]
fn alnum_run_start(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = i.checked_sub(8).map(|s| &bytes[s..i]) {
        let word = ascii_word_mask(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        let n = ((!word & HIGH).leading_zeros() / 8) as usize;
        i -= n;
        if n < 8 {
            return i;
        }
    }
    while i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
        i -= 1;
    }
    i
}

/// How [`Words::fill_near`] reads a character: part of a word (a word character or
/// an apostrophe), the end of a sentence (`.`, `!`, `?`, a line break), or neither.
const NEAR_WORD: u8 = 1;
const NEAR_END: u8 = 2;
const NEAR_OTHER: u8 = 0;

/// [`NEAR_WORD`], [`NEAR_END`] or [`NEAR_OTHER`] for each ASCII byte.
static NEAR_CLASS: [u8; 128] = {
    let mut t = [NEAR_OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'\'' {
            t[b] = NEAR_WORD;
        } else if matches!(c, b'.' | b'!' | b'?' | b'\n') {
            t[b] = NEAR_END;
        }
        b += 1;
    }
    t
};

/// The class of a character outside ASCII (all sentence ends are ASCII).
fn near_class_of(c: char) -> u8 {
    if is_word_char(c) || is_apostrophe(c) {
        NEAR_WORD
    } else {
        NEAR_OTHER
    }
}

/// `text[start..end]` without the apostrophes (or single quotes) around it, as the
/// words before and after a hit are taken: "‘navy’" is the word "navy". `None` if
/// nothing is left.
#[inline]
fn trimmed(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    // Most words start and end with a letter: nothing to look at.
    let b = text.as_bytes();
    if start < end && b[start].is_ascii_alphanumeric() && b[end - 1].is_ascii_alphanumeric() {
        return Some((start, end));
    }
    let w = &text[start..end];
    let inner = w.trim_start_matches(is_apostrophe);
    let s = start + (w.len() - inner.len());
    let e = s + inner.trim_end_matches(is_apostrophe).len();
    (e > s).then_some((s, e))
}

/// [`Words::after`] as owned strings.
pub fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
    Words::after(text, at, n).into_vec()
}

/// [`Words::before`] as owned strings, nearest first.
pub fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    Words::before(text, at, n).into_vec()
}

/// [`Words::near`] as owned strings.
pub fn words_near(text: &str, start: usize, end: usize, n: usize) -> Vec<String> {
    Words::near(text, start, end, n).into_vec()
}

/// Number of words in a text: whitespace-separated tokens, as `wc -w` counts them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let head = &text[..offset];
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let line = head.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, head[line_start..].chars().count() + 1)
}

/// Index of a text's line starts, for converting many offsets quickly.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and character column of byte `offset` in the indexed `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The first version of `words_near`: split the whole sentence, keep `n` each side.
    fn words_near_reference(text: &str, start: usize, end: usize, n: usize) -> Vec<String> {
        let sentence_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
        let head = &text[..start];
        let before = &head[head.rfind(sentence_end).map_or(0, |i| i + 1)..];
        let tail = &text[end..];
        let after = &tail[..tail.find(sentence_end).unwrap_or(tail.len())];
        let split = |s: &str| -> Vec<String> {
            s.split(|c: char| !(is_word_char(c) || is_apostrophe(c)))
                .map(|w| w.trim_matches(is_apostrophe))
                .filter(|w| !w.is_empty())
                .map(|w| w.chars().map(|c| if is_apostrophe(c) { '\'' } else { c }).collect::<String>())
                .map(|w| w.to_lowercase())
                .collect()
        };
        let mut b = split(before);
        let b = b.split_off(b.len().saturating_sub(n));
        let mut a = split(after);
        a.truncate(n);
        b.into_iter().chain(a).collect()
    }

    #[test]
    fn normalized_offsets_map_back_and_forth() {
        let text = "Tens  of 1000\u{2019}s\t\n got here,   to it.";
        let whole = format!("xx{text}");
        let norm = Normalized::window(&whole, 2..2 + text.len());
        for n in (0..=norm.as_str().len()).filter(|&n| norm.as_str().is_char_boundary(n)) {
            assert_eq!(norm.normalized(norm.original(n)), n, "{n}");
        }
        // Inside a run of whitespace: the space that stands for it.
        assert_eq!(&norm.as_str()[norm.normalized(2 + 5)..][..3], " of");
    }

    #[test]
    fn words_near_matches_the_reference() {
        let texts = [
            "One two, three four five. Six seven X eight nine-ten eleven’s twelve! Thirteen",
            "X",
            "  X  ",
            "a b c d e f g h i j k l m X n o p q r s t u v w x y z",
            "Zürich naïve café X déjà vu\nnext line",
            "end. X",
            "X .start",
            "it's the 'quoted' X word's end",
        ];
        for text in texts {
            let at = text.find('X').unwrap();
            for n in [0, 1, 2, 3, 10] {
                assert_eq!(
                    words_near(text, at, at + 1, n),
                    words_near_reference(text, at, at + 1, n),
                    "{text:?} n={n}"
                );
            }
        }
    }

    /// The allocating versions these functions replaced, as the reference.
    pub(crate) mod reference {
        use super::super::{is_apostrophe, is_word_char};
        /// Up to `n` words just after `at`, lowercased, stopping at punctuation other than
        /// hyphens (so "navy-blue" yields "blue", but "navy. Staff" yields nothing).
        pub fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
            let mut out = Vec::new();
            let mut word = String::new();
            for c in text[at..].chars() {
                if is_word_char(c) || (is_apostrophe(c) && !word.is_empty()) {
                    word.push(if is_apostrophe(c) { '\'' } else { c });
                    continue;
                }
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word).trim_end_matches('\'').to_lowercase());
                    if out.len() == n {
                        return out;
                    }
                }
                if !(c.is_whitespace() || c == '-' || c == '\u{2010}') {
                    return out;
                }
            }
            if !word.is_empty() && out.len() < n {
                out.push(word.trim_end_matches('\'').to_lowercase());
            }
            out
        }

        /// Up to `n` words just before `at`, nearest first, lowercased, with the same stops.
        pub fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
            let mut out = Vec::new();
            let mut word: Vec<char> = Vec::new();
            let flush = |word: &mut Vec<char>, out: &mut Vec<String>| {
                let w: String = word.drain(..).rev().collect::<String>();
                out.push(w.trim_start_matches('\'').to_lowercase());
            };
            for c in text[..at].chars().rev() {
                if is_word_char(c) || (is_apostrophe(c) && !word.is_empty()) {
                    word.push(if is_apostrophe(c) { '\'' } else { c });
                    continue;
                }
                if !word.is_empty() {
                    flush(&mut word, &mut out);
                    if out.len() == n {
                        return out;
                    }
                }
                if !(c.is_whitespace() || c == '-' || c == '\u{2010}') {
                    return out;
                }
            }
            if !word.is_empty() && out.len() < n {
                flush(&mut word, &mut out);
            }
            out
        }
    }

    #[test]
    fn short_loads_are_the_bytes_zero_padded() {
        let bytes: Vec<u8> = (1..=17u8).map(|b| b.wrapping_mul(37) | 0x80).collect();
        for start in 0..2 {
            for len in 0..=16 {
                let mut want = [0u8; 16];
                want[..len].copy_from_slice(&bytes[start..start + len]);
                assert_eq!(
                    load_short(&bytes[start..start + len]),
                    u128::from_le_bytes(want),
                    "{start} {len}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_allocating_reference(
            text in "([a-zA-Z']{1,5}|[ ,.!?\\-\n]|’|‘|é|Ü|İ|Σ|\u{2010}|\u{a0}|\u{2003}){0,40}",
            at in 0usize..200,
            len in 0usize..6,
            n in 0usize..5,
        ) {
            let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let end = (at..=(at + len).min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            proptest::prop_assert_eq!(words_after(&text, at, n), reference::words_after(&text, at, n));
            proptest::prop_assert_eq!(words_before(&text, at, n), reference::words_before(&text, at, n));
            proptest::prop_assert_eq!(words_near(&text, at, end, n), words_near_reference(&text, at, end, n));
            let w = Words::after(&text, at, n.max(1));
            for i in 0..w.len() {
                proptest::prop_assert_eq!(w.run(i, 1), w.get(i));
            }
        }

        /// The eight-at-a-time walks over a word stop where a byte-by-byte one stops.
        #[test]
        fn alnum_runs_end_where_bytes_say(
            bytes in proptest::collection::vec(proptest::prop_oneof![b'0'..=b'9', b'a'..=b'z', b'A'..=b'Z', 0u8..=255], 0..40),
            at in 0usize..40,
        ) {
            let at = at.min(bytes.len());
            let end = at + bytes[at..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            let start = at - bytes[..at].iter().rev().take_while(|b| b.is_ascii_alphanumeric()).count();
            proptest::prop_assert_eq!(alnum_run_end(&bytes, at), end);
            proptest::prop_assert_eq!(alnum_run_start(&bytes, at), start);
        }

        /// Word lists look runs up by their packed form: it is the packed text of the run.
        #[test]
        fn packed_runs_are_the_runs_packed(
            text in "([a-zA-Z']{1,9}|[ ,\\-]|’|é|Ü|İ|Σ|ABCDEFGHIJKLMNOPQ){0,30}",
            at in 0usize..100,
            n in 1usize..12,
        ) {
            let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let mut w = Words::default();
            for fill in 0..3 {
                match fill {
                    0 => { w.fill_after(&text, at, n); }
                    1 => { w.fill_before(&text, at, n); }
                    _ => { w.fill_near(&text, at, at, n); }
                }
                for i in 0..=w.len() {
                    for k in 0..=w.len() + 1 {
                        let want = w.run(i, k).map(|run| pack16(run.as_bytes()).filter(|&p| p != 0));
                        proptest::prop_assert_eq!(w.run_packed(i, k).map(|p| p.filter(|&p| p != 0)), want, "{} {} {}", fill, i, k);
                    }
                }
            }
        }
    }

    #[test]
    fn word_characters_in_the_fast_ranges_are_the_tables_own() {
        for c in (0xC0..=0xFF).chain(0x2000..=0x206F).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_combining_mark(c), "{c:?}");
        }
    }

    #[test]
    fn phrases_normalize_with_or_without_the_fast_path() {
        for (s, want) in [
            ("in opposition to", "in opposition to"),
            ("In  Opposition\tto ", "in opposition to"),
            (" got here", "got here"),
            ("1000’s", "1000's"),
            ("naïve", "naïve"),
            ("", ""),
            ("x\u{b}y", "x y"),
        ] {
            assert_eq!(normalize_phrase(s), want, "{s:?}");
        }
    }

    #[test]
    fn normalized_maps_back() {
        let t = "tens of 1000’s  of\n troops";
        let n = Normalized::new(t);
        assert_eq!(n.as_str(), "tens of 1000's of troops");
        let s = n.as_str().find("1000's").unwrap();
        let e = s + "1000's".len();
        assert_eq!(&t[n.original(s)..n.original(e)], "1000’s");
        let s = n.as_str().find("of troops").unwrap();
        assert_eq!(&t[n.original(s)..n.original(s + "of troops".len())], "of\n troops");
    }

    proptest::proptest! {
        /// Whitespace runs become one space, curly apostrophes straight ones, words are
        /// counted as `split_whitespace` counts them, and offsets map back.
        #[test]
        fn normalized_view_matches_a_char_by_char_reference(
            text in "([a-zA-Z]{1,6}|[ ]{1,3}|[\t\n\r\x0b\x0c\x01\x7f]|[!-/]|’|‘|é|\u{a0}|\u{2003}){0,120}",
        ) {
            let mut want = String::new();
            let mut in_space = false;
            for c in text.chars() {
                if c.is_whitespace() {
                    if !in_space {
                        want.push(' ');
                    }
                    in_space = true;
                    continue;
                }
                in_space = false;
                want.push(if is_apostrophe(c) { '\'' } else { c });
            }
            let n = Normalized::new(&text);
            proptest::prop_assert_eq!(n.as_str(), want.as_str());
            proptest::prop_assert_eq!(n.words(), text.split_whitespace().count());
            for (at, c) in n.as_str().char_indices().filter(|&(_, c)| c != ' ') {
                let o = n.original(at);
                let found = text[o..].chars().next().unwrap();
                proptest::prop_assert!(found == c || (c == '\'' && is_apostrophe(found)));
            }
        }

        /// A hint from the last offset, wherever it was, never changes where an offset maps,
        /// either way.
        #[test]
        fn hinted_offsets_map_as_unhinted_ones(
            text in "([a-z]{1,4}|[ ]{1,3}|\n\n|’){0,60}",
            offsets in proptest::collection::vec(0usize..200, 0..30),
        ) {
            let n = Normalized::new(&text);
            let (mut hint, mut back) = (0, 0);
            for at in offsets {
                let to_original = at.min(n.as_str().len());
                proptest::prop_assert_eq!(n.original_near(to_original, &mut hint), n.original(to_original));
                let to_normalized = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
                proptest::prop_assert_eq!(n.normalized_near(to_normalized, &mut back), n.normalized(to_normalized));
            }
        }
    }

    #[test]
    fn plain_text_is_borrowed() {
        let n = Normalized::new("plain text here");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.original(5), 5);
    }

    #[test]
    fn words_around() {
        let t = "the navy-blue coat. Staff";
        assert_eq!(words_after(t, 8, 2), ["blue", "coat"]);
        assert_eq!(words_after(t, 18, 2), Vec::<String>::new());
        assert_eq!(words_before(t, 4, 2), ["the"]);
        assert_eq!(words_before("Ukraine’s army", 12, 1), ["ukraine's"]);
        assert_eq!(words_near("A b, c d. E f", 5, 6, 3), ["a", "b", "d"]);
    }

    #[test]
    fn counts_and_positions() {
        assert_eq!(word_count("Tens of 1000’s — naïve Zürich"), 6);
        for t in ["", " ", "a", " a ", "a  b\n\nc", "\u{a0}x\u{2003}y ", "tens of 1000’s  of\n troops"] {
            assert_eq!(Normalized::new(t).words(), word_count(t), "{t:?}");
        }
        assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
        let t = "ab\ncdé f";
        assert_eq!(LineIndex::new(t).line_col(t, 8), (2, 5));
    }
}
