//! Post dates as the tools write them: `2024-10-31` (midnight in the site time zone), a local
//! date-time (site time zone), RFC 3339, Jekyll's `2014-12-17 11:16:21 -0800`, TOML dates,
//! RFC 2822, and English `11 Oct 2023` / `October 11, 2023`; and the dates that file names
//! (`2014-12-17-welcome.md`) and URL paths (`2025/06/26/release`) carry. All come out in the
//! site time zone, so every format shows the same offset for the same post.

use std::borrow::Cow;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

pub(crate) use crate::profile::date_prefix;

/// The forms accepted, for error messages.
pub(crate) const DATE_FORMS: &str = "expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] [±HH:MM], RFC 3339 such as 2024-10-31T09:30:00+02:00, RFC 2822, or 31 Oct 2024 / October 31, 2024";

/// English forms of a date alone, tried in this order.
const ENGLISH_DATES: [&str; 8] = [
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b, %Y",
    "%d %B, %Y",
];

/// Parses a front-matter date; the error text says what was expected. Years run from 1 to
/// 9999 and offsets within ±23:59, as RFC 3339 (and so Atom and JSON Feed) allow.
pub(crate) fn parse_post_date(
    text: &str,
    timezone: &TimeZone,
) -> Result<ZonedDateTime, DateProblem> {
    let date = parse_any_date(text, timezone).map_err(|problem| {
        // The last day or so of 9999 is out of reach: every date must stay a valid RFC 3339
        // time in every offset a reader may show it in (±25:59), and 9999-12-31 in UTC is
        // already 10000-01-01 east of it.
        match text.trim().starts_with("9999-12-3") {
            true => DateProblem::PastYear9999(text.trim().to_owned()),
            false => problem,
        }
    })?;
    if date.year() < 1 {
        return Err(DateProblem::BeforeYear1(text.trim().to_owned()));
    }
    Ok(date)
}

/// Why a front-matter date is not one feeds can carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DateProblem {
    #[error("\"{0}\" is not a valid date ({DATE_FORMS})")]
    Invalid(String),
    #[error(
        "\"{0}\" is too close to the end of year 9999: the latest date feeds can carry in every time zone is 9999-12-30"
    )]
    PastYear9999(String),
    #[error("\"{0}\" is before year 1: feed dates (RFC 3339) run from year 0001 to 9999")]
    BeforeYear1(String),
    #[error("\"{text}\" has an offset of {hours} hours: RFC 3339 offsets stay within ±23:59")]
    OffsetTooFar { text: String, hours: u32 },
    #[error("\"{text}\" says {said}, but {date} is a {actual}: fix the weekday or leave it out")]
    WrongWeekday {
        text: String,
        said: &'static str,
        date: String,
        actual: &'static str,
    },
}

/// The message for an RFC 2822 date whose weekday is not its date's
/// (`Mon, 01 Oct 2024 …`, a Tuesday): the date is fine but for the weekday, so say that.
fn wrong_weekday(text: &str) -> Option<DateProblem> {
    let (weekday, rest) = text.trim().split_once(',')?;
    let said = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .position(|day| weekday.trim().eq_ignore_ascii_case(day))?;
    let date = jiff::fmt::rfc2822::parse(rest.trim()).ok()?;
    let names = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let actual = date.weekday().to_monday_zero_offset() as usize;
    (actual != said).then(|| DateProblem::WrongWeekday {
        text: text.trim().to_owned(),
        said: names[said],
        date: date.strftime("%-d %b %Y").to_string(),
        actual: names[actual],
    })
}

/// How to write the date `text` of `field` so it parses: the day-first or month-first
/// forms (`31/10/2024`, `10.31.2024`) rewritten as ISO 8601, or an example.
pub(crate) fn help_for(field: &str, text: &str) -> String {
    let example = format!("write the date as YYYY-MM-DD, e.g. `{field}: 2024-10-31`");
    // `2024/10/31`: the right order, the wrong separator.
    let iso = text.trim().replace(['/', '.'], "-");
    if iso.len() == 10 && iso.as_bytes()[4] == b'-' && iso.parse::<Date>().is_ok() {
        return format!("write the date with `-`: `{field}: {iso}`");
    }
    let numbers: Vec<&str> = text.trim().split(['/', '.', '-']).collect();
    let [a, b, year] = numbers[..] else {
        return example;
    };
    let (Ok(a), Ok(b), Ok(year)) = (a.parse::<u8>(), b.parse::<u8>(), year.parse::<u16>()) else {
        return example;
    };
    if !(1000..=9999).contains(&year) {
        return example;
    }
    let valid = |month: u8, day: u8| {
        Date::new(year as i16, month as i8, day as i8)
            .ok()
            .map(|date| date.to_string())
    };
    match (valid(b, a), valid(a, b)) {
        (Some(day_first), Some(month_first)) if day_first != month_first => format!(
            "write the date as YYYY-MM-DD: `{field}: {day_first}` if {a} is the day, `{field}: {month_first}` if it is the month"
        ),
        (Some(date), _) | (None, Some(date)) => {
            format!("write the date as YYYY-MM-DD: `{field}: {date}`")
        }
        (None, None) => example,
    }
}

fn parse_any_date(text: &str, timezone: &TimeZone) -> Result<ZonedDateTime, DateProblem> {
    let original = text.trim();
    let invalid = || DateProblem::Invalid(original.to_owned());
    // `2026/02/24` (and with a time): JavaScript's `Date` and Ruby's `Time.parse` read it as
    // the ISO form, and Next.js and Jekyll blogs write it.
    let dashed = match original.get(..10) {
        Some(date) if date.as_bytes()[4] == b'/' && date.as_bytes()[7] == b'/' => {
            Cow::Owned(format!("{}{}", date.replace('/', "-"), &original[10..]))
        }
        _ => Cow::Borrowed(original),
    };
    let padded = with_two_digit_fields(&dashed);
    let text = padded.as_ref();
    if text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') {
        let date: Date = text.parse().map_err(|_| invalid())?;
        return at_midnight(date, timezone).ok_or_else(invalid);
    }
    if text.as_bytes().get(4) == Some(&b'-') {
        let iso = iso_form(&without_repeated_year(text));
        if let Some(hours) = offset_hours(&iso)
            && hours > 23
        {
            return Err(DateProblem::OffsetTooFar {
                text: text.to_owned(),
                hours,
            });
        }
        if has_offset(&iso) {
            let instant: Timestamp = iso.parse().map_err(|_| invalid())?;
            return Ok(instant.to_zoned_datetime(timezone.clone()));
        }
        let local: DateTime = iso.parse().map_err(|_| invalid())?;
        return timezone.to_zoned_datetime(local).map_err(|_| invalid());
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(text) {
        return Ok(zoned.timestamp().to_zoned_datetime(timezone.clone()));
    }
    if let Some(message) = wrong_weekday(text) {
        return Err(message);
    }
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    ENGLISH_DATES
        .iter()
        .find_map(|format| {
            jiff::fmt::strtime::parse(format, &words)
                .ok()?
                .to_date()
                .ok()
        })
        .and_then(|date| at_midnight(date, timezone))
        .ok_or_else(invalid)
}

/// The YAML timestamp grammar (and Ruby's `Time.parse`, which Jekyll uses) allows one-digit
/// months, days and hours (`2013-11-22 5:00:00 +0000`, `2024-1-5`); jiff reads two digits, so
/// those fields are padded. Anything that does not start `YYYY-M[M]-D[D]` is left as it is.
fn with_two_digit_fields(text: &str) -> Cow<'_, str> {
    let Some((year, rest)) = text.split_at_checked(4) else {
        return Cow::Borrowed(text);
    };
    let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !year.bytes().all(|b| b.is_ascii_digit()) || !rest.starts_with('-') {
        return Cow::Borrowed(text);
    }
    let date_end = rest
        .find(|c: char| c == 'T' || c == 't' || c.is_whitespace())
        .unwrap_or(rest.len());
    let (date, time) = rest.split_at(date_end);
    let [month, day] = match date[1..].split('-').collect::<Vec<_>>()[..] {
        [month, day] if digits(month) && digits(day) => [month, day],
        _ => return Cow::Borrowed(text),
    };
    let separator_end = time
        .find(|c: char| !(c == 'T' || c == 't' || c.is_whitespace()))
        .unwrap_or(time.len());
    let (separator, clock) = time.split_at(separator_end);
    let hour_end = clock.find(':').unwrap_or(0);
    let (hour, clock) = clock.split_at(hour_end);
    if month.len() == 2 && day.len() == 2 && hour.len() != 1 {
        return Cow::Borrowed(text);
    }
    let hour = match digits(hour) {
        true => format!("{hour:0>2}"),
        false => hour.to_string(),
    };
    Cow::Owned(format!(
        "{year}-{month:0>2}-{day:0>2}{separator}{hour}{clock}"
    ))
}

/// Jekyll reads dates with Ruby's lenient `Time.parse`, and real posts carry what it
/// forgives, such as the year written again before the offset (`2023-01-29 18:30:22 2023
/// -0800`): that repeated year is dropped.
fn without_repeated_year(text: &str) -> Cow<'_, str> {
    let year = &text[..4];
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 3 || !words[2..].contains(&year) {
        return Cow::Borrowed(text);
    }
    let kept: Vec<&str> = words[..2]
        .iter()
        .chain(words[2..].iter().filter(|w| **w != year))
        .copied()
        .collect();
    Cow::Owned(kept.join(" "))
}

/// A date as midnight in the site time zone (a date alone, or one found in a file name or URL
/// path). Midnight can fall in a DST gap in a few zones; jiff picks the instant after it.
/// A date written month first, `M/D/YYYY` (`03/07/2024` is March 7), as JavaScript's `Date`
/// reads one: how an Astro or Next.js site's schema (`z.coerce.date()`, `new Date(…)`) dates
/// a post. `None` for any other text or a day that does not exist.
pub(crate) fn month_first(text: &str) -> Option<Date> {
    let mut parts = text.trim().split('/');
    let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |part: &str, most: usize| {
        (!part.is_empty() && part.len() <= most && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i16>().ok())
            .flatten()
    };
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    let (month, day, year) = (number(month, 2)?, number(day, 2)?, number(year, 4)?);
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

pub(crate) fn at_midnight(date: Date, timezone: &TimeZone) -> Option<ZonedDateTime> {
    date.to_zoned_datetime(timezone.clone()).ok()
}

/// Rewrites the YAML-timestamp and Jekyll forms (`2014-12-17 11:16:21 -0800`) into the
/// RFC 3339 shape jiff reads: `T` between date and time, no space before the offset, and a
/// colon inside a four-digit offset.
fn iso_form(text: &str) -> String {
    let mut iso = String::with_capacity(text.len() + 2);
    let (date, time) = text.split_at(10.min(text.len()));
    iso.push_str(date);
    let time = time.trim_start();
    if time.is_empty() {
        return iso;
    }
    iso.push('T');
    let time = time.trim_start_matches(['T', 't']);
    let split = time.find(['+', '-', 'Z', 'z', ' ']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(split);
    iso.push_str(clock);
    let zone = zone.trim();
    let digits = zone.trim_start_matches(['+', '-']);
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        iso.push_str(&zone[..zone.len() - 4]);
        iso.push_str(&digits[..2]);
        iso.push(':');
        iso.push_str(&digits[2..]);
    } else if (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        iso.push_str(&zone[..zone.len() - digits.len()]);
        iso.push_str(&format!("{digits:0>2}:00"));
    } else {
        iso.push_str(zone);
    }
    iso
}

/// The hours of a trailing `±HH:MM` offset.
fn offset_hours(iso: &str) -> Option<u32> {
    let tail = iso.get(iso.len().checked_sub(6)?..)?;
    let (sign, rest) = tail.split_at(1);
    let (hours, minutes) = rest.split_once(':')?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    ((sign == "+" || sign == "-") && digits(hours) && digits(minutes) && iso.len() > 16)
        .then(|| hours.parse().ok())
        .flatten()
}

/// Whether the text after the date part ends in `Z` or a `±HH:MM` offset.
fn has_offset(text: &str) -> bool {
    let time = text.get(10..).unwrap_or_default();
    time.ends_with(['Z', 'z']) || time.contains('+') || time.contains('-')
}

/// The first `YYYY/MM/DD` run of segments in a URL path (`2025/06/26/release-1.2.0`).
pub(crate) fn date_in_path(path: &str) -> Option<Date> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments.windows(3).find_map(|run| {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(run[0], 4) && digits(run[1], 2) && digits(run[2], 2)) {
            return None;
        }
        let [year, month, day] = [run[0], run[1], run[2]].map(|s| s.parse::<i16>().ok());
        Date::new(year?, i8::try_from(month?).ok()?, i8::try_from(day?).ok()?).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_rewrites_day_and_month_first_dates() {
        assert_eq!(
            help_for("date", "31/10/2024"),
            "write the date as YYYY-MM-DD: `date: 2024-10-31`"
        );
        assert_eq!(
            help_for("date", "10/31/2024"),
            "write the date as YYYY-MM-DD: `date: 2024-10-31`"
        );
        assert_eq!(
            help_for("date", "03.04.2024"),
            "write the date as YYYY-MM-DD: `date: 2024-04-03` if 3 is the day, `date: 2024-03-04` if it is the month"
        );
        assert_eq!(
            help_for("date", "2024/10/31"),
            "write the date with `-`: `date: 2024-10-31`"
        );
        assert_eq!(
            help_for("updated", "someday"),
            "write the date as YYYY-MM-DD, e.g. `updated: 2024-10-31`"
        );
    }

    fn utc(text: &str) -> String {
        parse_post_date(text, &TimeZone::UTC)
            .unwrap_or_else(|err| panic!("{text}: {err}"))
            .to_string()
    }

    #[test]
    fn date_only_is_midnight_in_the_site_zone() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let date = parse_post_date("2024-10-31", &berlin).unwrap();
        assert_eq!(date.timestamp().to_string(), "2024-10-30T23:00:00Z");
        assert_eq!(date.offset().to_string(), "+01");
        assert_eq!(utc("2024-10-31"), "2024-10-31T00:00:00+00:00[UTC]");
    }

    #[test]
    fn offsets_are_honoured_and_shown_in_the_site_zone() {
        assert_eq!(
            utc("2024-10-31T10:00:00+02:00"),
            "2024-10-31T08:00:00+00:00[UTC]"
        );
        assert_eq!(
            utc("2024-10-31T10:00:00Z"),
            "2024-10-31T10:00:00+00:00[UTC]"
        );
        assert_eq!(
            utc("2024-10-31 10:00:00-05:00"),
            "2024-10-31T15:00:00+00:00[UTC]"
        );
    }

    #[test]
    fn jekyll_and_yaml_timestamp_forms() {
        assert_eq!(
            utc("2014-12-17 11:16:21 -0800"),
            "2014-12-17T19:16:21+00:00[UTC]"
        );
        assert_eq!(
            utc("2014-12-17 11:16 +01:00"),
            "2014-12-17T10:16:00+00:00[UTC]"
        );
        assert_eq!(utc("2014-12-17 11:16"), "2014-12-17T11:16:00+00:00[UTC]");
        assert_eq!(
            utc("2023-01-29 18:30:22 2023 -0800"),
            "2023-01-30T02:30:22+00:00[UTC]"
        );
        assert_eq!(
            utc("2013-11-22 5:00:00 +0000"),
            "2013-11-22T05:00:00+00:00[UTC]",
            "a one-digit hour, as the YAML timestamp grammar allows"
        );
        assert_eq!(utc("2002-1-5\t9:07:03Z"), "2002-01-05T09:07:03+00:00[UTC]");
        assert_eq!(utc("2024-3-7"), "2024-03-07T00:00:00+00:00[UTC]");
        assert_eq!(utc("2026/02/24"), "2026-02-24T00:00:00+00:00[UTC]");
        assert_eq!(utc("2026/02/24 10:30"), "2026-02-24T10:30:00+00:00[UTC]");
        assert_eq!(
            utc("2001-12-14 21:59:43.10 -5"),
            "2001-12-15T02:59:43.1+00:00[UTC]"
        );
    }

    #[test]
    fn rfc_2822_and_english_dates() {
        assert_eq!(
            utc("Tue, 01 Oct 2024 10:00:00 +0200"),
            "2024-10-01T08:00:00+00:00[UTC]"
        );
        for text in [
            "11 Oct 2023",
            "11 October 2023",
            "Oct 11, 2023",
            "October 11, 2023",
            "Oct 11 2023",
            " October  11,  2023 ",
        ] {
            assert_eq!(utc(text), "2023-10-11T00:00:00+00:00[UTC]", "{text}");
        }
    }

    #[test]
    fn local_date_times_use_the_site_zone() {
        let new_york = TimeZone::get("America/New_York").unwrap();
        let date = parse_post_date("2024-07-04T09:30", &new_york).unwrap();
        assert_eq!(date.timestamp().to_string(), "2024-07-04T13:30:00Z");
    }

    #[test]
    fn years_and_offsets_stay_in_rfc_3339() {
        let err = parse_post_date("0000-01-01", &TimeZone::UTC).unwrap_err();
        assert_eq!(err, DateProblem::BeforeYear1("0000-01-01".into()));
        assert!(err.to_string().contains("before year 1"), "{err}");
        let err = parse_post_date("2024-01-01T00:00:00+25:00", &TimeZone::UTC).unwrap_err();
        assert!(err.to_string().contains("offset of 25 hours"), "{err}");
        assert!(parse_post_date("0001-01-01", &TimeZone::UTC).is_ok());
        let err = parse_post_date("9999-12-31", &TimeZone::UTC).unwrap_err();
        assert_eq!(err, DateProblem::PastYear9999("9999-12-31".into()));
        assert!(
            err.to_string().contains("latest date feeds can carry"),
            "{err}"
        );
        assert!(parse_post_date("9999-12-30", &TimeZone::UTC).is_ok());
        assert!(parse_post_date("2024-01-01T00:00:00-23:59", &TimeZone::UTC).is_ok());
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2024-13-45",
            "2024-02-30",
            "yesterday",
            "31/10/2024",
            "",
            "Oct 32, 2023",
        ] {
            let err = parse_post_date(bad, &TimeZone::UTC).unwrap_err();
            assert_eq!(err, DateProblem::Invalid(bad.into()), "{bad}");
            assert!(
                err.to_string().contains("is not a valid date"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn a_wrong_weekday_is_named_as_such() {
        let utc = TimeZone::UTC;
        let err = parse_post_date("Mon, 01 Oct 2024 10:00:00 +0200", &utc).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"Mon, 01 Oct 2024 10:00:00 +0200\" says Monday, but 1 Oct 2024 is a Tuesday: fix the weekday or leave it out"
        );
        for right in [
            "Tue, 01 Oct 2024 10:00:00 +0200",
            "01 Oct 2024 10:00:00 +0200",
        ] {
            assert!(parse_post_date(right, &utc).is_ok(), "{right}");
        }
    }

    #[test]
    fn dates_in_names_and_paths() {
        let (date, rest) = date_prefix("2014-12-17-welcome").unwrap();
        assert_eq!((date.to_string().as_str(), rest), ("2014-12-17", "welcome"));
        assert_eq!(date_prefix("2014-12-17_x").unwrap().1, "x");
        assert!(date_prefix("2014-12-17").is_none());
        assert!(date_prefix("2014-13-17-x").is_none());
        assert!(date_prefix("welcome").is_none());
        assert_eq!(
            date_in_path("/2025/06/26/Release-1.2.0")
                .unwrap()
                .to_string(),
            "2025-06-26"
        );
        assert_eq!(
            date_in_path("blog/2025/06/26/").unwrap().to_string(),
            "2025-06-26"
        );
        assert!(date_in_path("/2025/6/26/x").is_none());
        assert!(date_in_path("/2025/06/x").is_none());
    }

    #[test]
    fn month_first_dates_are_read_as_javascript_reads_them() {
        assert_eq!(
            super::month_first("03/07/2024"),
            Some(jiff::civil::date(2024, 3, 7))
        );
        assert_eq!(
            super::month_first(" 3/7/2024 "),
            Some(jiff::civil::date(2024, 3, 7))
        );
        assert_eq!(
            super::month_first("12/31/1999"),
            Some(jiff::civil::date(1999, 12, 31))
        );
        for text in [
            "13/01/2024",
            "02/30/2024",
            "03/07/24",
            "2024/03/07",
            "3/7/2024/1",
            "a/b/2024",
            "/7/2024",
        ] {
            assert_eq!(super::month_first(text), None, "{text}");
        }
    }
}
