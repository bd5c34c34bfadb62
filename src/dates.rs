//! The two forms feeds write dates in, RFC 822 (RSS) and RFC 3339 (Atom, JSON Feed,
//! sitemaps, messages): a leaf the model and the renderers share.

use jiff::ZonedDateTime;

/// RFC 822 date as RSS wants it: `Thu, 31 Oct 2024 00:00:00 +0000`.
pub fn rfc822(date: &ZonedDateTime) -> String {
    date.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// RFC 3339 date with the offset: `2024-10-31T00:00:00+00:00`.
pub fn rfc3339(date: &ZonedDateTime) -> String {
    date.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
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
}
