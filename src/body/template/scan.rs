//! Scanning a body for what closes a tag without scanning any stretch of it twice. A tag that
//! never closes (`{{< x "a ` written over and over, `{% raw %}` with no `{% endraw %}`) sends
//! its scan to the end of the text; done again from every opening, that is the square of the
//! text's length (160 KB took 5.3 s). Each scan here records where it ended from every state
//! it passed through, and a later scan that reaches one of those states takes that end
//! instead of going on: both would read the same characters in the same state from there.

use std::collections::HashMap;

use super::Closing;

/// Scans shorter than this are not recorded: reading them again costs less than recording
/// them, and no input can make more scans than the text has characters.
const RECORDED_FROM: usize = 32;

/// A delimiter scan's question: the delimiter, the quote characters it skips inside, and
/// where the text it reads ends.
type DelimiterScan = (&'static str, &'static [char], usize);

/// A state no recorded scan passed through.
const UNKNOWN: u32 = u32::MAX;
/// A recorded scan from this state met a blank line or the text's end first.
const NO_CLOSE: u32 = u32::MAX - 1;

/// What earlier scans of one body found.
#[derive(Debug, Default)]
pub(super) struct Scans {
    /// For each delimiter scan, what its recorded scans found.
    delimited: HashMap<DelimiterScan, Recorded>,
    /// For each closing tag, the last search: where it started and what it found. The first
    /// closing after any later start up to the one found is the same one.
    closings: HashMap<Closing, (usize, Option<(usize, usize)>)>,
}

/// What the recorded scans of one delimiter scan found: per state (no quote open, then each
/// of its quotes open) and per offset from `base` (where the first recorded scan began) to
/// the end of the text the scan reads, the offset of the delimiter found from there
/// ([`UNKNOWN`], [`NO_CLOSE`]). Four bytes an offset and state, for the stretch of text its
/// scans read only: a body of many stretches (between code spans) pays for each once.
#[derive(Debug, Default)]
struct Recorded {
    base: usize,
    ends: Vec<Vec<u32>>,
}

impl Recorded {
    fn get(&self, state: usize, offset: usize) -> u32 {
        offset
            .checked_sub(self.base)
            .and_then(|at| self.ends.get(state)?.get(at))
            .copied()
            .unwrap_or(UNKNOWN)
    }
}

impl Scans {
    /// The offset of `close` in `body` from `from`, outside the `quotes`, and the offset
    /// after it; `None` when a blank line (outside quotes) or `limit` comes first.
    pub(super) fn delimited(
        &mut self,
        body: &str,
        from: usize,
        limit: usize,
        close: &'static str,
        quotes: &'static [char],
    ) -> Option<(usize, usize)> {
        let text = body.get(from..limit)?;
        let known = self.delimited.entry((close, quotes, limit)).or_default();
        // The state: 0 outside quotes, 1 + i inside `quotes[i]`.
        let state_of = |quote: Option<char>| {
            quote.map_or(0, |q| 1 + quotes.iter().position(|&k| k == q).unwrap_or(0))
        };
        let mut visited = Vec::new();
        let mut quote = None;
        let mut found = NO_CLOSE;
        for (at, c) in text.char_indices() {
            let state = state_of(quote);
            let offset = from + at;
            match known.get(state, offset) {
                UNKNOWN => visited.push((state, offset)),
                end => {
                    found = end;
                    break;
                }
            }
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if quotes.contains(&c) => quote = Some(c),
                None if text[at..].starts_with(close) => {
                    found = offset as u32;
                    break;
                }
                None if c == '\n' && text[at + 1..].starts_with('\n') => break,
                None => {}
            }
        }
        if visited.len() >= RECORDED_FROM {
            if known.ends.is_empty() {
                known.base = from;
                known.ends.resize_with(quotes.len() + 1, Vec::new);
            }
            for (state, offset) in visited {
                // A scan from before the first recorded one (none, as the walk goes forward)
                // is simply not recorded.
                let Some(at) = offset.checked_sub(known.base) else {
                    continue;
                };
                let ends = &mut known.ends[state];
                if ends.is_empty() {
                    ends.resize(limit - known.base, UNKNOWN);
                }
                ends[at] = found;
            }
        }
        (found != NO_CLOSE).then(|| (found as usize, found as usize + close.len()))
    }

    /// The first `closing` in `text` from `from` (any spacing and whitespace-control dashes
    /// inside it): its offset and the offset after it.
    pub(super) fn closing(
        &mut self,
        text: &str,
        from: usize,
        closing: Closing,
    ) -> Option<(usize, usize)> {
        if let Some(&(searched_from, found)) = self.closings.get(&closing) {
            let still = match found {
                Some((at, _)) => searched_from <= from && from <= at,
                None => searched_from <= from,
            };
            if still {
                return found;
            }
        }
        let found =
            find_closing(&text[from..], closing).map(|(at, len)| (from + at, from + at + len));
        self.closings.insert(closing, (from, found));
        found
    }
}

/// Finds `closing` in `text`: its offset and length.
fn find_closing(text: &str, (open, word, close): Closing) -> Option<(usize, usize)> {
    let skip = |at: usize| {
        at + text[at..].len()
            - text[at..]
                .trim_start_matches(|c: char| c.is_whitespace() || c == '-')
                .len()
    };
    let mut from = 0;
    while let Some(found) = text[from..].find(open) {
        let start = from + found;
        let at = skip(start + open.len());
        if text[at..].starts_with(word) {
            let at = skip(at + word.len());
            if text[at..].starts_with(close) {
                return Some((start, at + close.len() - start));
            }
        }
        from = start + open.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_scans_answer_as_a_fresh_scan_would() {
        let body = format!("{}>}} x \"q >}}\" y >}}\n\nz >}}", "{{< a \"b ".repeat(40));
        let mut scans = Scans::default();
        let fresh = |from: usize| super::super::delimited_by(&body, from, ">}}", &['"']);
        for from in (0..body.len()).filter(|&i| body.is_char_boundary(i)) {
            let remembered = scans
                .delimited(&body, from, body.len(), ">}}", &['"'])
                .map(|(at, after)| (&body[from..at], after));
            assert_eq!(remembered, fresh(from), "from {from}");
        }
        let text = "a {% endraw %} b {%- endraw -%} c";
        let mut scans = Scans::default();
        let closing = ("{%", "endraw", "%}");
        assert_eq!(scans.closing(text, 0, closing), Some((2, 14)));
        assert_eq!(scans.closing(text, 2, closing), Some((2, 14)));
        assert_eq!(scans.closing(text, 3, closing), Some((17, 31)));
        assert_eq!(scans.closing(text, 20, closing), None);
        assert_eq!(scans.closing(text, 25, closing), None);
    }
}
