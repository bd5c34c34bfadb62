//! The two forms feeds write dates in, RFC 822 (RSS) and RFC 3339 (Atom, JSON Feed,
//! sitemaps, messages): a leaf the model and the renderers share.

use jiff::ZonedDateTime;

/// RFC 822 date as RSS wants it: `Thu, 31 Oct 2024 00:00:00 +0000`.
pub fn rfc822(date: &ZonedDateTime) -> String {
    in_whole_minutes(date)
        .strftime("%a, %d %b %Y %H:%M:%S %z")
        .to_string()
}

/// RFC 3339 date with the offset: `2024-10-31T00:00:00+00:00`.
pub fn rfc3339(date: &ZonedDateTime) -> String {
    in_whole_minutes(date)
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// `date` at an offset of whole minutes, the only ones RFC 3339 and RFC 822 can write: a
/// zone's local mean time before it took standard time (`Africa/Monrovia` until 1972 was
/// −00:44:30) would otherwise be written `-00:44:30` or `-004430`, which validators reject
/// and readers misread. The offset is rounded to the nearest minute, as other tools do, and
/// the local time written at it, so the instant written is the very same one.
fn in_whole_minutes(date: &ZonedDateTime) -> std::borrow::Cow<'_, ZonedDateTime> {
    let seconds = date.offset().seconds();
    if seconds % 60 == 0 {
        return std::borrow::Cow::Borrowed(date);
    }
    let minutes = (f64::from(seconds) / 60.0).round() as i32;
    let offset = jiff::tz::Offset::from_seconds(minutes * 60).unwrap_or(jiff::tz::Offset::UTC);
    std::borrow::Cow::Owned(
        date.timestamp()
            .to_zoned_datetime(jiff::tz::TimeZone::fixed(offset)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    #[test]
    fn formats_dates_with_their_offset() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let date = jiff::civil::date(2024, 7, 4)
            .at(9, 30, 0, 0)
            .to_zoned_datetime(berlin)
            .unwrap();
        assert_eq!(rfc822(&date), "Thu, 04 Jul 2024 09:30:00 +0200");
        assert_eq!(rfc3339(&date), "2024-07-04T09:30:00+02:00");
    }

    #[test]
    fn offsets_with_seconds_are_written_in_whole_minutes_at_the_same_instant() {
        for (zone, year, offset) in [
            ("Africa/Monrovia", 1970, "-00:45"),
            ("America/New_York", 1880, "-04:56"),
            ("Europe/Dublin", 1900, "-00:25"),
            ("Asia/Kolkata", 1900, "+05:21"),
        ] {
            let date = jiff::civil::date(year, 1, 15)
                .at(12, 0, 0, 0)
                .to_zoned_datetime(TimeZone::get(zone).unwrap())
                .unwrap();
            assert_ne!(date.offset().seconds() % 60, 0, "{zone} {year} has seconds");
            let written = rfc3339(&date);
            assert!(written.ends_with(offset), "{zone}: {written}");
            let read: jiff::Timestamp = written.parse().unwrap();
            assert_eq!(read, date.timestamp(), "{zone}: the same instant");
            let rss = rfc822(&date);
            assert!(rss.ends_with(&offset.replace(':', "")), "{zone}: {rss}");
        }
    }
}
