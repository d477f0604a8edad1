//! Corpus readers: JSON lines and WARC/WET records as a stream of documents.
//!
//! Screening a corpus means reading millions of documents from one stream. The readers
//! here are generic over [`std::io::BufRead`], never touch the file system and keep at
//! most one record in memory (bounded by [`MAX_RECORD`]), so the command line, a fuzz
//! target or another program can drive them alike.
//!
//! - [`JsonlLines`] splits a stream into non-blank lines, [`parse_jsonl_line`] turns one
//!   into a [`Document`]: `{"id": …, "text": "…"}` (other fields are ignored). Splitting
//!   and parsing are separate so that parsing can run on many threads; [`JsonlReader`]
//!   does both.
//! - [`WarcReader`] reads WARC 1.0/1.1 records (Common Crawl WET files and WARC files)
//!   and yields a document for each `conversion` record and each `response` or
//!   `resource` record whose payload is UTF-8 text; its id is the record's
//!   `WARC-Target-URI`.
//! - [`decompress`] recognises gzip by its magic bytes (a multi-member stream, as
//!   Common Crawl writes one member per record) and passes anything else through.
//!
//! The WARC parser is our own rather than the `warc` crate (0.4): that reader reads header
//! lines and blocks with no size limit, allocates 1 MiB and then copies every block, fails a
//! record whose block is not followed by exactly `\r\n\r\n`, and brings chrono, uuid 0.8,
//! nom, url and libflate (next to the flate2 used here). Screening needs only the version
//! line, the header fields and `Content-Length` bytes of block, which fit in a few dozen
//! lines tested below.
//!
//! A malformed record is an [`Item::Bad`] and reading goes on; only an I/O error, or a
//! WARC stream so broken that the next record cannot be found, ends the stream.
//!
//! ```
//! use unspin::corpus::{Item, JsonlReader};
//!
//! let input = "{\"id\": 7, \"text\": \"Tens of 1000's got here.\"}\nnot json\n";
//! let items: Vec<Item> = JsonlReader::new(input.as_bytes()).collect::<Result<_, _>>()?;
//! assert!(matches!(&items[0], Item::Doc(d) if d.id == 7 && d.text.starts_with("Tens")));
//! assert!(matches!(&items[1], Item::Bad(b) if b.at == 2));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, BufRead, BufReader, Read};

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// The longest JSON line or WARC record body read into memory (256 MiB); a longer one
/// is skipped and reported, so that one bad record cannot exhaust memory.
pub const MAX_RECORD: usize = 256 << 20;

/// The longest WARC or HTTP header block read (1 MiB).
const MAX_HEADER: usize = 1 << 20;

/// One document of a corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Its id as the corpus gives it: a JSON line's `id` (any JSON value, `null` when
    /// absent) or a WARC record's target URI (a string).
    pub id: Value,
    /// Where it starts: the 1-based line of a JSON line, the 1-based record number in a
    /// WARC stream.
    pub at: u64,
    /// Its text.
    pub text: String,
}

/// A record that should have been a document but is malformed.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRecord {
    /// The 1-based line (JSONL) or record number (WARC).
    pub at: u64,
    /// The record's id when it could be read, else `null`.
    pub id: Value,
    /// What is wrong.
    pub message: String,
}

/// A record that is not a text document (an image, a non-UTF-8 page…), passed over.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// The 1-based record number.
    pub at: u64,
    /// The record's id.
    pub id: Value,
    /// Why it is not a document.
    pub reason: String,
}

/// What a corpus reader yields for each record.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A document to check.
    Doc(Document),
    /// A malformed record: report it and go on.
    Bad(BadRecord),
    /// A record that holds no text: count it and go on.
    Skip(Skipped),
}

/// `reader`, gunzipped when it starts with the gzip magic bytes (every member of a
/// multi-member file is read), else as it is.
pub fn decompress<'a, R: BufRead + 'a>(mut reader: R) -> io::Result<Box<dyn BufRead + 'a>> {
    let head = reader.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(reader);
        Ok(Box::new(BufReader::with_capacity(256 << 10, gz)))
    } else {
        Ok(Box::new(reader))
    }
}

/// Read up to and including the next `\n` into `buf`, at most `limit` bytes. Returns the
/// bytes consumed (0 at the end of the stream) and whether the line was cut at `limit`;
/// a cut line's remainder is consumed and dropped.
fn read_line_bounded(r: &mut impl BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<(usize, bool)> {
    buf.clear();
    // Straight from the reader's buffer: a line inside it is found by one memchr and
    // copied by one exact allocation (`read_until` grew the line by doubling and
    // searched bytewise; on two threads the reading thread's time is the workers' loss).
    let mut n = 0;
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok((n, false));
        }
        let window = &avail[..avail.len().min(limit - n)];
        if let Some(i) = memchr::memchr(b'\n', window) {
            buf.extend_from_slice(&window[..=i]);
            r.consume(i + 1);
            return Ok((n + i + 1, false));
        }
        let len = window.len();
        buf.extend_from_slice(window);
        r.consume(len);
        n += len;
        if n == limit {
            break;
        }
    }
    let mut dropped = 0;
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            break;
        }
        match memchr::memchr(b'\n', avail) {
            Some(i) => {
                r.consume(i + 1);
                dropped += i + 1;
                break;
            }
            None => {
                let len = avail.len();
                r.consume(len);
                dropped += len;
            }
        }
    }
    Ok((n + dropped, true))
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A line of a JSONL stream, not parsed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// Its 1-based line number.
    pub line: u64,
    /// Its bytes without the line break; empty when it was longer than [`MAX_RECORD`].
    pub bytes: Vec<u8>,
    /// Whether it was longer than [`MAX_RECORD`] and dropped.
    pub too_long: bool,
}

/// The non-blank lines of a JSONL stream, each in its own buffer, in bounded memory.
#[derive(Debug)]
pub struct JsonlLines<R> {
    reader: R,
    line: u64,
    limit: usize,
    done: bool,
}

impl<R: BufRead> JsonlLines<R> {
    /// Lines of `reader`, each at most [`MAX_RECORD`] bytes.
    pub fn new(reader: R) -> JsonlLines<R> {
        JsonlLines::with_limit(reader, MAX_RECORD)
    }

    /// Lines of `reader`, each at most `limit` bytes (a longer one comes back empty,
    /// with `too_long` set).
    pub fn with_limit(reader: R, limit: usize) -> JsonlLines<R> {
        JsonlLines { reader, line: 0, limit: limit.max(1), done: false }
    }
}

impl<R: BufRead> Iterator for JsonlLines<R> {
    type Item = io::Result<RawLine>;

    fn next(&mut self) -> Option<io::Result<RawLine>> {
        let mut buf = Vec::new();
        while !self.done {
            match read_line_bounded(&mut self.reader, &mut buf, self.limit) {
                Ok((0, _)) => self.done = true,
                Ok((_, too_long)) => {
                    self.line += 1;
                    if too_long {
                        return Some(Ok(RawLine { line: self.line, bytes: Vec::new(), too_long }));
                    }
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let len = trim_eol(&buf).len();
                    buf.truncate(len);
                    return Some(Ok(RawLine { line: self.line, bytes: buf, too_long }));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// Reads an object's `id` and keeps it even when the object breaks off later.
struct IdProbe<'a>(&'a mut Value);

impl<'de> DeserializeSeed<'de> for IdProbe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for IdProbe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "id" {
                *self.0 = map.next_value()?;
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct JsonDoc {
    #[serde(default)]
    id: Value,
    text: String,
}

/// Parse one JSON line: an object with a string `text` and any `id`.
pub fn parse_jsonl_line(raw: &RawLine) -> Item {
    let bad = |id: Value, message: String| Item::Bad(BadRecord { at: raw.line, id, message });
    if raw.too_long {
        return bad(Value::Null, format!("line {}: longer than {} MiB; skipped", raw.line, MAX_RECORD >> 20));
    }
    match serde_json::from_slice::<JsonDoc>(&raw.bytes) {
        Ok(doc) => Item::Doc(Document { id: doc.id, at: raw.line, text: doc.text }),
        Err(e) => {
            // Say which document it was: the id, if it comes before the damage.
            let mut id = Value::Null;
            let mut de = serde_json::Deserializer::from_slice(&raw.bytes);
            let _ = IdProbe(&mut id).deserialize(&mut de);
            // serde_json counts lines within the line: give the column alone.
            let full = e.to_string();
            let reason = full.rsplit_once(" at line ").map_or(full.as_str(), |(r, _)| r);
            let what = if e.is_data() {
                format!("expected an object with a string \"text\" field ({reason})")
            } else {
                format!("not valid JSON at column {} ({reason})", e.column())
            };
            bad(id, format!("line {}: {what}", raw.line))
        }
    }
}

/// Documents of a JSONL stream: [`JsonlLines`] then [`parse_jsonl_line`].
#[derive(Debug)]
pub struct JsonlReader<R> {
    lines: JsonlLines<R>,
}

impl<R: BufRead> JsonlReader<R> {
    /// Read `reader` as JSON lines (plain text; see [`decompress`] for gzip).
    pub fn new(reader: R) -> JsonlReader<R> {
        JsonlReader { lines: JsonlLines::new(reader) }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = io::Result<Item>;

    fn next(&mut self) -> Option<io::Result<Item>> {
        Some(self.lines.next()?.map(|raw| parse_jsonl_line(&raw)))
    }
}

/// A WARC record's headers (names as written; looked up case-insensitively).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The first value of header `name`, compared case-insensitively.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One WARC record: its headers and its body (the block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// The 1-based record number in the stream.
    pub number: u64,
    /// The WARC header fields.
    pub headers: Headers,
    /// The block, `Content-Length` bytes; empty when it was over the size limit.
    pub body: Vec<u8>,
    /// Whether the block was larger than the limit and dropped.
    pub too_large: bool,
}

impl WarcRecord {
    /// `WARC-Type`, lower-cased.
    pub fn kind(&self) -> String {
        self.headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase()
    }

    /// The record's id: its target URI, else its record id, else its number.
    pub fn id(&self) -> Value {
        let uri = self.headers.get("WARC-Target-URI").or_else(|| self.headers.get("WARC-Record-ID"));
        match uri {
            Some(u) => Value::String(u.trim_matches(|c| c == '<' || c == '>').to_owned()),
            None => Value::String(format!("record {}", self.number)),
        }
    }
}

/// The records of a WARC stream (plain; wrap the input in [`decompress`] for gzip).
///
/// The parser reads only what screening needs: the version line, header fields
/// (continuation lines joined), `Content-Length` bytes of block and the blank lines
/// that end a record. Blank lines between records are tolerated.
#[derive(Debug)]
pub struct WarcRecords<R> {
    reader: R,
    number: u64,
    limit: usize,
    done: bool,
}

impl<R: BufRead> WarcRecords<R> {
    /// Records of `reader`, bodies up to [`MAX_RECORD`] bytes.
    pub fn new(reader: R) -> WarcRecords<R> {
        WarcRecords::with_limit(reader, MAX_RECORD)
    }

    /// Records of `reader`, bodies up to `limit` bytes (a larger body is skipped).
    pub fn with_limit(reader: R, limit: usize) -> WarcRecords<R> {
        WarcRecords { reader, number: 0, limit, done: false }
    }

    fn invalid(&self, message: String) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, format!("WARC record {}: {message}", self.number))
    }

    fn read_record(&mut self) -> io::Result<Option<WarcRecord>> {
        let mut line = Vec::new();
        // The version line, after any blank lines.
        loop {
            let (n, cut) = read_line_bounded(&mut self.reader, &mut line, MAX_HEADER)?;
            if n == 0 {
                return Ok(None);
            }
            if !cut && trim_eol(&line).is_empty() {
                continue;
            }
            self.number += 1;
            if cut || !trim_eol(&line).starts_with(b"WARC/") {
                let shown =
                    String::from_utf8_lossy(&trim_eol(&line)[..trim_eol(&line).len().min(40)]).into_owned();
                return Err(self.invalid(format!("expected a WARC/1.x version line, found {shown:?}")));
            }
            break;
        }
        let headers = Headers(read_header_block(&mut self.reader, &mut line).map_err(|e| match e {
            HeaderError::Io(e) => e,
            HeaderError::Bad(m) => self.invalid(m),
        })?);
        let length = headers
            .get("Content-Length")
            .ok_or_else(|| self.invalid("no Content-Length".to_owned()))?
            .trim()
            .parse::<u64>()
            .map_err(|_| self.invalid("Content-Length is not a number".to_owned()))?;
        let mut body = Vec::new();
        let too_large = length > self.limit as u64;
        let read = if too_large {
            io::copy(&mut self.reader.by_ref().take(length), &mut io::sink())?
        } else {
            body.reserve(length as usize);
            self.reader.by_ref().take(length).read_to_end(&mut body)? as u64
        };
        if read < length {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("WARC record {}: the stream ends inside the block", self.number),
            ));
        }
        Ok(Some(WarcRecord { number: self.number, headers, body, too_large }))
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = io::Result<WarcRecord>;

    fn next(&mut self) -> Option<io::Result<WarcRecord>> {
        if self.done {
            return None;
        }
        let record = self.read_record();
        if !matches!(record, Ok(Some(_))) {
            self.done = true;
        }
        record.transpose()
    }
}

enum HeaderError {
    Io(io::Error),
    Bad(String),
}

impl From<io::Error> for HeaderError {
    fn from(e: io::Error) -> HeaderError {
        HeaderError::Io(e)
    }
}

/// `Name: value` lines up to a blank line (WARC and HTTP alike); continuation lines
/// (starting with a space or tab) extend the previous value.
fn read_header_block(r: &mut impl BufRead, line: &mut Vec<u8>) -> Result<Vec<(String, String)>, HeaderError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut total = 0;
    loop {
        let (n, cut) = read_line_bounded(r, line, MAX_HEADER)?;
        total += n;
        if n == 0 {
            return Err(HeaderError::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the stream ends inside a header block",
            )));
        }
        if cut || total > MAX_HEADER {
            return Err(HeaderError::Bad(format!("header block longer than {} KiB", MAX_HEADER >> 10)));
        }
        let text = trim_eol(line);
        if text.is_empty() {
            return Ok(fields);
        }
        let text = String::from_utf8_lossy(text);
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
                continue;
            }
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(HeaderError::Bad(format!("header line without a colon: {:?}", truncate(&text, 40))));
        };
        fields.push((name.trim().to_owned(), value.trim().to_owned()));
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Whether a `Content-Type` value names text (`text/…`, with or without parameters).
fn is_text(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    // Bytes, not a str slice: the header may hold any UTF-8 (found by fuzzing).
    mime.len() > 5 && mime.as_bytes()[..5].eq_ignore_ascii_case(b"text/")
}

/// The `charset` parameter of a `Content-Type`, lower-cased.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// Turn a WARC record into a corpus item, or `None` for records that are never
/// documents (`warcinfo`, `request`, `metadata`, `revisit`…).
///
/// - `conversion` (WET): the block is the page's text; it must be UTF-8.
/// - `response` with an HTTP message: the payload after the HTTP headers, when its
///   `Content-Type` is `text/*`, it is not content-encoded and it is UTF-8 (HTML is
///   checked as it is, markup included).
/// - `resource`: the block, when the record's `Content-Type` is `text/*`.
pub fn warc_item(record: WarcRecord) -> Option<Item> {
    let kind = record.kind();
    let (at, id) = (record.number, record.id());
    let skip = |reason: String| Some(Item::Skip(Skipped { at, id: id.clone(), reason }));
    let bad = |message: String| Some(Item::Bad(BadRecord { at, id: id.clone(), message }));
    if !matches!(kind.as_str(), "conversion" | "response" | "resource") {
        return None;
    }
    if record.too_large {
        return bad(format!("record {at}: block larger than {} MiB; skipped", MAX_RECORD >> 20));
    }
    let warc_type = record.headers.get("Content-Type").unwrap_or("");
    let payload = match kind.as_str() {
        "conversion" => record.body,
        "resource" if is_text(warc_type) => record.body,
        "resource" => return skip(format!("not text ({})", or_none(warc_type))),
        _ => {
            if !warc_type.to_ascii_lowercase().starts_with("application/http") {
                return skip(format!("not an HTTP response ({})", or_none(warc_type)));
            }
            let mut body = &record.body[..];
            let mut line = Vec::new();
            match read_line_bounded(&mut body, &mut line, MAX_HEADER) {
                Ok((_, false)) if line.starts_with(b"HTTP/") => {}
                _ => return bad(format!("record {at}: the block does not start with an HTTP status line")),
            }
            let http = match read_header_block(&mut body, &mut line) {
                Ok(h) => Headers(h),
                Err(_) => return bad(format!("record {at}: malformed HTTP headers")),
            };
            let content_type = http.get("Content-Type").unwrap_or("");
            if !is_text(content_type) {
                return skip(format!("not text ({})", or_none(content_type)));
            }
            if let Some(enc) = http.get("Content-Encoding").filter(|e| !e.eq_ignore_ascii_case("identity")) {
                return skip(format!("payload is {enc}-encoded"));
            }
            if http.get("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
                return skip("payload is chunked".to_owned());
            }
            if let Some(cs) =
                charset(content_type).filter(|c| !matches!(c.as_str(), "utf-8" | "utf8" | "us-ascii"))
            {
                if std::str::from_utf8(body).is_err() {
                    return skip(format!("not UTF-8 (charset {cs})"));
                }
            }
            let start = record.body.len() - body.len();
            let mut b = record.body;
            b.drain(..start);
            b
        }
    };
    match String::from_utf8(payload) {
        Ok(text) => Some(Item::Doc(Document { id, at, text })),
        Err(e) if kind == "conversion" => {
            bad(format!("record {at}: not valid UTF-8 (byte offset {})", e.utf8_error().valid_up_to()))
        }
        Err(_) => skip("not UTF-8".to_owned()),
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "no Content-Type"
    } else {
        s
    }
}

/// Documents of a WARC or WET stream: [`WarcRecords`] then [`warc_item`].
#[derive(Debug)]
pub struct WarcReader<R> {
    records: WarcRecords<R>,
}

impl<R: BufRead> WarcReader<R> {
    /// Read `reader` as WARC (plain; see [`decompress`] for gzip).
    pub fn new(reader: R) -> WarcReader<R> {
        WarcReader { records: WarcRecords::new(reader) }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = io::Result<Item>;

    fn next(&mut self) -> Option<io::Result<Item>> {
        loop {
            match self.records.next()? {
                Ok(record) => {
                    if let Some(item) = warc_item(record) {
                        return Some(Ok(item));
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    /// Found by the corpus_warc fuzz target: a Content-Type starting with a multi-byte
    /// character panicked on a str slice inside it.
    #[test]
    fn content_type_with_multibyte_characters_is_not_text() {
        assert!(!is_text("\u{c6}\u{d0}\u{ce}\u{cf}R~."));
        assert!(!is_text("téxt/plain"));
        assert!(is_text("Text/Plain; charset=utf-8"));
        let record = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a/\r\nContent-Type: \xc3\xa9\xc3\xa9x/plain\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
        let items: Vec<_> = WarcReader::new(&record[..]).collect();
        assert!(items.iter().all(|i| !matches!(i, Ok(Item::Doc(_)))), "{items:?}");
    }

    use super::*;

    fn jsonl(input: &str) -> Vec<Item> {
        JsonlReader::new(input.as_bytes()).collect::<io::Result<_>>().unwrap()
    }

    fn doc(item: &Item) -> &Document {
        match item {
            Item::Doc(d) => d,
            other => panic!("expected a document, got {other:?}"),
        }
    }

    #[test]
    fn jsonl_documents_keep_ids_and_line_numbers() {
        let items = jsonl(
            "{\"id\": \"a\", \"text\": \"one\"}\r\n\n  \n{\"text\": \"two\", \"url\": \"x\"}\n{\"id\": 3, \"text\": \"th\\nree\"}",
        );
        assert_eq!(items.len(), 3);
        assert_eq!(doc(&items[0]), &Document { id: "a".into(), at: 1, text: "one".into() });
        assert_eq!(doc(&items[1]), &Document { id: Value::Null, at: 4, text: "two".into() });
        assert_eq!(doc(&items[2]), &Document { id: 3.into(), at: 5, text: "th\nree".into() });
    }

    #[test]
    fn jsonl_bad_lines_are_items_and_reading_goes_on() {
        let input =
            b"{\"id\": 1, \"text\": 5}\n{\"id\": 2, \"text\"\n[1]\n\xff\n{\"id\": 9, \"text\": \"ok\"}\n";
        let items: Vec<Item> = JsonlReader::new(&input[..]).collect::<io::Result<_>>().unwrap();
        let bad: Vec<&BadRecord> = items
            .iter()
            .filter_map(|i| match i {
                Item::Bad(b) => Some(b),
                _ => None,
            })
            .collect();
        assert_eq!(
            bad.iter().map(|b| b.at).collect::<Vec<_>>(),
            [1, 2, 3, 4],
            "bytes that are not UTF-8 too"
        );
        assert_eq!(bad[0].id, 1, "the id of a line that is JSON but not a document is kept");
        assert!(bad[0].message.contains("\"text\""), "{}", bad[0].message);
        assert!(bad[1].message.contains("not valid JSON"), "{}", bad[1].message);
        assert_eq!(bad[1].id, 2, "the id of a line broken after it is kept");
        assert_eq!(doc(&items[4]).id, 9);
    }

    #[test]
    fn jsonl_over_long_lines_are_dropped_not_buffered() {
        let input = format!("{{\"text\": \"{}\"}}\n{{\"id\": 2, \"text\": \"short\"}}\n", "x".repeat(100));
        let lines: Vec<RawLine> =
            JsonlLines::with_limit(input.as_bytes(), 50).collect::<io::Result<_>>().unwrap();
        assert!(lines[0].too_long && lines[0].bytes.is_empty());
        assert!(matches!(parse_jsonl_line(&lines[0]), Item::Bad(b) if b.at == 1));
        assert_eq!(doc(&parse_jsonl_line(&lines[1])).text, "short");
    }

    proptest::proptest! {
        /// Lines read straight from the reader's buffer come out as `read_until` on a
        /// `take` gave them, through buffers smaller than a line and limits that cut it.
        #[test]
        fn bounded_lines_equal_read_until(
            input in proptest::collection::vec(proptest::sample::select(b"ab\n".to_vec()), 0..60),
            capacity in 1usize..9,
            limit in 0usize..12,
        ) {
            let reference = |mut r: &[u8]| {
                let mut out = Vec::new();
                loop {
                    let mut buf = Vec::new();
                    let n = io::Read::take(&mut r, limit as u64).read_until(b'\n', &mut buf).unwrap();
                    let cut = n == limit && buf.last() != Some(&b'\n');
                    let mut dropped = 0;
                    if cut {
                        let mut rest = Vec::new();
                        dropped = r.read_until(b'\n', &mut rest).unwrap();
                    }
                    if n + dropped == 0 {
                        return out;
                    }
                    out.push((n + dropped, cut, if cut { Vec::new() } else { buf }));
                }
            };
            let mut reader = io::BufReader::with_capacity(capacity, &input[..]);
            let mut got = Vec::new();
            loop {
                let mut buf = Vec::new();
                let (n, cut) = read_line_bounded(&mut reader, &mut buf, limit).unwrap();
                if n == 0 {
                    break;
                }
                got.push((n, cut, if cut { Vec::new() } else { buf }));
            }
            proptest::prop_assert_eq!(got, reference(&input));
        }
    }

    fn record(kind: &str, uri: &str, extra: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n{extra}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn warc(bytes: &[u8]) -> Vec<Item> {
        WarcReader::new(decompress(bytes).unwrap()).collect::<io::Result<_>>().unwrap()
    }

    #[test]
    fn wet_conversion_records_are_documents() {
        let mut input =
            record("warcinfo", "", "Content-Type: application/warc-fields\r\n", b"software: x\r\n");
        input.extend(record(
            "conversion",
            "http://a.example/",
            "Content-Type: text/plain\r\n",
            "Tens of 1000\u{2019}s.".as_bytes(),
        ));
        input.extend(record("conversion", "http://b.example/", "", b"Second\r\n\r\nWARC/1.0 inside text"));
        let items = warc(&input);
        assert_eq!(items.len(), 2, "warcinfo is not a document");
        assert_eq!(doc(&items[0]).id, "http://a.example/");
        assert_eq!(doc(&items[0]).text, "Tens of 1000\u{2019}s.");
        assert_eq!(doc(&items[0]).at, 2);
        assert_eq!(
            doc(&items[1]).text,
            "Second\r\n\r\nWARC/1.0 inside text",
            "Content-Length, not a scan, ends a block"
        );
    }

    #[test]
    fn gzip_members_are_all_read() {
        let mut gz = Vec::new();
        for (i, text) in ["first text", "second text", "third text"].iter().enumerate() {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&record("conversion", &format!("http://x/{i}"), "", text.as_bytes())).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let items = warc(&gz);
        assert_eq!(
            items.iter().map(|i| doc(i).text.as_str()).collect::<Vec<_>>(),
            ["first text", "second text", "third text"]
        );
        // JSONL is gunzipped the same way.
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"{\"id\": 1, \"text\": \"t\"}\n").unwrap();
        let z = e.finish().unwrap();
        let items: Vec<Item> =
            JsonlReader::new(decompress(&z[..]).unwrap()).collect::<io::Result<_>>().unwrap();
        assert_eq!(doc(&items[0]).text, "t");
    }

    #[test]
    fn response_records_with_text_payloads() {
        let http = |ct: &str, body: &[u8]| {
            let mut b =
                format!("HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nX-Long: a\r\n  b\r\n\r\n").into_bytes();
            b.extend_from_slice(body);
            b
        };
        let msg = "Content-Type: application/http; msgtype=response\r\n";
        let mut input = record("request", "http://r/", msg, b"GET / HTTP/1.1\r\n\r\n");
        input.extend(record(
            "response",
            "http://t/",
            msg,
            &http("text/html; charset=UTF-8", b"<p>Hello</p>"),
        ));
        input.extend(record("response", "http://i/", msg, &http("image/png", b"\x89PNG")));
        input.extend(record(
            "response",
            "http://l/",
            msg,
            &http("text/plain; charset=iso-8859-1", b"caf\xe9"),
        ));
        input.extend(record("response", "http://b/", msg, b"garbage"));
        let items = warc(&input);
        assert_eq!(items.len(), 4, "{items:?}");
        assert_eq!(doc(&items[0]).text, "<p>Hello</p>");
        assert_eq!(doc(&items[0]).id, "http://t/");
        assert!(matches!(&items[1], Item::Skip(s) if s.reason.contains("image/png") && s.id == "http://i/"));
        assert!(matches!(&items[2], Item::Skip(s) if s.reason.contains("iso-8859-1")));
        assert!(matches!(&items[3], Item::Bad(b) if b.message.contains("HTTP status line")));
    }

    #[test]
    fn broken_warc_streams_end_with_an_error() {
        let mut input = record("conversion", "http://a/", "", b"fine");
        input.extend_from_slice(b"HTTP/1.1 200 OK\r\n\r\n");
        let mut it = WarcReader::new(&input[..]);
        assert!(matches!(it.next(), Some(Ok(Item::Doc(_)))));
        let err = it.next().unwrap().unwrap_err();
        assert!(err.to_string().contains("record 2") && err.to_string().contains("version line"), "{err}");
        assert!(it.next().is_none(), "the reader stops after an error");

        let whole = record("conversion", "http://a/", "", b"a longer block");
        let cut = &whole[..whole.len() - 10];
        let err = WarcReader::new(cut).collect::<io::Result<Vec<_>>>().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof, "{err}");
        let no_len = b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\n";
        let err = WarcReader::new(&no_len[..]).collect::<io::Result<Vec<_>>>().unwrap_err();
        assert!(err.to_string().contains("Content-Length"), "{err}");
    }

    #[test]
    fn oversized_blocks_are_skipped_and_reading_goes_on() {
        let mut input = record("conversion", "http://big/", "", &[b'a'; 500]);
        input.extend(record("conversion", "http://small/", "", b"ok"));
        let records: Vec<WarcRecord> =
            WarcRecords::with_limit(&input[..], 100).collect::<io::Result<_>>().unwrap();
        assert!(records[0].too_large && records[0].body.is_empty());
        let items: Vec<Item> = records.into_iter().filter_map(warc_item).collect();
        assert!(matches!(&items[0], Item::Bad(b) if b.id == "http://big/"));
        assert_eq!(doc(&items[1]).text, "ok");
    }
}
