//! Post dates as authors write them: `2024-10-31` (midnight in the site time zone), a local
//! date-time (site time zone), or RFC 3339 with an offset. All come out in the site time
//! zone, so every format shows the same offset for the same post.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Parses a front-matter date; the error text says what was expected.
pub fn parse_post_date(text: &str, timezone: &TimeZone) -> Result<ZonedDateTime, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "\"{text}\" is not a valid date (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or RFC 3339 such as 2024-10-31T09:30:00+02:00)"
        )
    };
    if text.len() == 10 {
        let date: Date = text.parse().map_err(|_| invalid())?;
        // Midnight can fall in a DST gap in a few zones; jiff picks the instant after it.
        return date
            .to_zoned_datetime(timezone.clone())
            .map_err(|_| invalid());
    }
    if has_offset(text) {
        let instant: Timestamp = text.parse().map_err(|_| invalid())?;
        return Ok(instant.to_zoned_datetime(timezone.clone()));
    }
    let local: DateTime = text.parse().map_err(|_| invalid())?;
    timezone.to_zoned_datetime(local).map_err(|_| invalid())
}

/// Whether the text after the date part ends in `Z` or a `±HH:MM` offset.
fn has_offset(text: &str) -> bool {
    let time = text.get(10..).unwrap_or_default();
    time.ends_with(['Z', 'z']) || time.contains('+') || time.contains('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        parse_post_date(text, &TimeZone::UTC).unwrap().to_string()
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
    fn local_date_times_use_the_site_zone() {
        let new_york = TimeZone::get("America/New_York").unwrap();
        let date = parse_post_date("2024-07-04T09:30", &new_york).unwrap();
        assert_eq!(date.timestamp().to_string(), "2024-07-04T13:30:00Z");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in ["2024-13-45", "2024-02-30", "yesterday", "31/10/2024", ""] {
            let err = parse_post_date(bad, &TimeZone::UTC).unwrap_err();
            assert!(err.contains("is not a valid date"), "{bad}: {err}");
        }
    }
}
