//! A podcast channel (`podcast:`) and the feed images (`icon`, `logo`) as validated: what
//! Apple Podcasts and the Podcast Index require of a feed, checked where the config says it.

use url::Url;

/// An image of the feed, from the site's static folder or an absolute URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedImage {
    /// Its absolute URL.
    pub url: Url,
    /// Its width and height in pixels, when its file was read.
    pub size: Option<(u64, u64)>,
}

/// Whether a podcast's episodes are heard in any order or from the first (Apple's
/// `itunes:type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodcastType {
    /// Newest first; the default.
    Episodic,
    /// From the first: every episode needs its number.
    Serial,
}

/// The `podcast:` block: what turns the main RSS feed, and custom feeds with
/// `podcast: true`, into podcast feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Podcast {
    /// The show's artwork (`itunes:image`): JPEG or PNG, square, 1400 to 3000 pixels.
    pub image: FeedImage,
    /// Apple categories, each with its subcategory, in the order written.
    pub categories: Vec<(&'static str, Option<&'static str>)>,
    /// Whether the show has explicit content.
    pub explicit: bool,
    /// The show's author (`itunes:author`); default: the site author's name.
    pub author: Option<String>,
    /// Who Apple writes to: `itunes:owner`'s name and email.
    pub owner: (String, String),
    /// Episodic or serial.
    pub kind: PodcastType,
    /// No more episodes will come (`itunes:complete`).
    pub complete: bool,
    /// Kept out of Apple's directory (`itunes:block`).
    pub block: bool,
    /// Where the show moved (`itunes:new-feed-url`).
    pub new_feed_url: Option<Url>,
    /// Whether other platforms may not import the feed (`podcast:locked`).
    pub locked: bool,
    /// Where listeners can support the show, and its label (`podcast:funding`).
    pub funding: Option<(Url, String)>,
}

/// Apple Podcasts' categories and their subcategories (Apple's list since 2019, which the
/// Podcast Index uses too).
pub(crate) const APPLE_CATEGORIES: [(&str, &[&str]); 19] = [
    (
        "Arts",
        &[
            "Books",
            "Design",
            "Fashion & Beauty",
            "Food",
            "Performing Arts",
            "Visual Arts",
        ],
    ),
    (
        "Business",
        &[
            "Careers",
            "Entrepreneurship",
            "Investing",
            "Management",
            "Marketing",
            "Non-Profit",
        ],
    ),
    ("Comedy", &["Comedy Interviews", "Improv", "Stand-Up"]),
    (
        "Education",
        &["Courses", "How To", "Language Learning", "Self-Improvement"],
    ),
    ("Fiction", &["Comedy Fiction", "Drama", "Science Fiction"]),
    ("Government", &[]),
    ("History", &[]),
    (
        "Health & Fitness",
        &[
            "Alternative Health",
            "Fitness",
            "Medicine",
            "Mental Health",
            "Nutrition",
            "Sexuality",
        ],
    ),
    (
        "Kids & Family",
        &[
            "Education for Kids",
            "Parenting",
            "Pets & Animals",
            "Stories for Kids",
        ],
    ),
    (
        "Leisure",
        &[
            "Animation & Manga",
            "Automotive",
            "Aviation",
            "Crafts",
            "Games",
            "Hobbies",
            "Home & Garden",
            "Video Games",
        ],
    ),
    (
        "Music",
        &["Music Commentary", "Music History", "Music Interviews"],
    ),
    (
        "News",
        &[
            "Business News",
            "Daily News",
            "Entertainment News",
            "News Commentary",
            "Politics",
            "Sports News",
            "Tech News",
        ],
    ),
    (
        "Religion & Spirituality",
        &[
            "Buddhism",
            "Christianity",
            "Hinduism",
            "Islam",
            "Judaism",
            "Religion",
            "Spirituality",
        ],
    ),
    (
        "Science",
        &[
            "Astronomy",
            "Chemistry",
            "Earth Sciences",
            "Life Sciences",
            "Mathematics",
            "Natural Sciences",
            "Nature",
            "Physics",
            "Social Sciences",
        ],
    ),
    (
        "Society & Culture",
        &[
            "Documentary",
            "Personal Journals",
            "Philosophy",
            "Places & Travel",
            "Relationships",
        ],
    ),
    (
        "Sports",
        &[
            "Baseball",
            "Basketball",
            "Cricket",
            "Fantasy Sports",
            "Football",
            "Golf",
            "Hockey",
            "Rugby",
            "Running",
            "Soccer",
            "Swimming",
            "Tennis",
            "Volleyball",
            "Wilderness",
            "Wrestling",
        ],
    ),
    ("Technology", &[]),
    ("True Crime", &[]),
    (
        "TV & Film",
        &[
            "After Shows",
            "Film History",
            "Film Interviews",
            "Film Reviews",
            "TV Reviews",
        ],
    ),
];

/// The category and subcategory `written` names (`Technology`, `Society & Culture >
/// Documentary`), as Apple spells them; case and spaces around `>` aside.
pub(crate) fn apple_category(
    written: &str,
) -> Result<(&'static str, Option<&'static str>), String> {
    let (main, sub) = match written.split_once('>') {
        Some((main, sub)) => (main.trim(), Some(sub.trim())),
        None => (written.trim(), None),
    };
    let Some((name, subs)) = APPLE_CATEGORIES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(main))
    else {
        let names: Vec<&str> = APPLE_CATEGORIES.iter().map(|(name, _)| *name).collect();
        return Err(format!(
            "\"{main}\" is not one of Apple's categories: {}",
            names.join(", ")
        ));
    };
    let Some(sub) = sub else {
        return Ok((name, None));
    };
    match subs.iter().find(|known| known.eq_ignore_ascii_case(sub)) {
        Some(known) => Ok((name, Some(known))),
        None if subs.is_empty() => Err(format!("\"{name}\" has no subcategories")),
        None => Err(format!(
            "\"{sub}\" is not a subcategory of \"{name}\": {}",
            subs.join(", ")
        )),
    }
}

/// The Podcast Index's namespace for `podcast:guid`, a UUIDv5 of the feed's URL.
const PODCAST_GUID_NAMESPACE: uuid::Uuid = uuid::uuid!("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

/// The show's `podcast:guid`: the UUIDv5 of its feed URL without the scheme and trailing
/// slashes, as the Podcast Index specifies.
pub(crate) fn podcast_guid(feed_url: &str) -> String {
    let without_scheme = feed_url
        .split_once("://")
        .map_or(feed_url, |(_, rest)| rest);
    let name = without_scheme.trim_end_matches('/');
    uuid::Uuid::new_v5(&PODCAST_GUID_NAMESPACE, name.as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_apples_whatever_the_case() {
        assert_eq!(apple_category("technology"), Ok(("Technology", None)));
        assert_eq!(
            apple_category("society & culture > documentary"),
            Ok(("Society & Culture", Some("Documentary")))
        );
        assert!(
            apple_category("Tech")
                .unwrap_err()
                .contains("not one of Apple's")
        );
        assert!(
            apple_category("Arts > Poetry")
                .unwrap_err()
                .contains("not a subcategory")
        );
        assert!(
            apple_category("History > Rome")
                .unwrap_err()
                .contains("no subcategories")
        );
    }

    #[test]
    fn the_guid_is_the_podcast_index_one() {
        // The Podcast Index's own example: podnews.net/rss gives this guid.
        assert_eq!(
            podcast_guid("https://podnews.net/rss"),
            "9b024349-ccf0-5f69-a609-6b82873eab3c"
        );
        assert_eq!(
            podcast_guid("http://podnews.net/rss/"),
            podcast_guid("podnews.net/rss")
        );
    }
}
