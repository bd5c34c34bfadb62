//! A post's own path (`path`, `url`, `permalink` in its front matter) as its tool fills it
//! in: Jekyll's placeholders (`/:categories/:year/:month/:day/:title:output_ext`).

use jiff::civil::Date;

use super::Profile;

impl Profile {
    /// A post's own `permalink` with Jekyll's placeholders filled in (`/:categories/:title/`,
    /// `/:year/:month/:day/:slug:output_ext`), from its `slug`, its `categories` as a URL path
    /// and its `date`; without a slash at its start.
    pub(crate) fn own_permalink(
        &self,
        pattern: &str,
        slug: &str,
        categories: &str,
        date: Date,
    ) -> String {
        let expanded = pattern
            .replace(":short_year", &format!("{:02}", date.year() % 100))
            .replace(":i_month", &date.month().to_string())
            .replace(":i_day", &date.day().to_string())
            .replace(":categories", categories)
            .replace(":output_ext", ".html")
            .replace(":title", slug)
            .replace(":slug", slug)
            .replace(":year", &format!("{:04}", date.year()))
            .replace(":month", &format!("{:02}", date.month()))
            .replace(":day", &format!("{:02}", date.day()));
        crate::links::collapse_slashes(&expanded)
            .trim_start_matches('/')
            .to_string()
    }
}
