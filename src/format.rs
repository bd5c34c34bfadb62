//! The three feed formats, and [`PerFormat`], one value for each: a leaf that the config,
//! the model, the store and the renderers share.

/// The three feed formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    /// RSS 2.0.
    Rss,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.1.
    Json,
}

impl FeedFormat {
    /// Human name, as in OPML titles.
    pub fn label(self) -> &'static str {
        match self {
            FeedFormat::Rss => "RSS",
            FeedFormat::Atom => "Atom",
            FeedFormat::Json => "JSON Feed",
        }
    }

    /// The media type a feed in this format is served and announced with.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Json => "application/feed+json",
        }
    }
}

impl FeedFormat {
    /// Every format, in the order feeds of one group are written: RSS, Atom, JSON Feed.
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Rss, FeedFormat::Atom, FeedFormat::Json];

    /// The file a feed in this format is written to unless the config names another.
    pub fn default_file(self) -> &'static str {
        match self {
            FeedFormat::Rss => "feed.xml",
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Json => "feed.json",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One value per feed format, looked up by [`FeedFormat`]: the config's files, a post's
/// rendered fragments and where the store keeps them are each one of these, rather than
/// `rss`/`atom`/`json` fields repeated in every module.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerFormat<T>([T; 3]);

impl<T> PerFormat<T> {
    /// The value `value_for` gives each format.
    pub fn from_fn(value_for: impl FnMut(FeedFormat) -> T) -> PerFormat<T> {
        PerFormat(FeedFormat::ALL.map(value_for))
    }

    /// [`PerFormat::from_fn`] for a function that can fail: the first failure is returned.
    pub fn try_from_fn<E>(
        mut value_for: impl FnMut(FeedFormat) -> Result<T, E>,
    ) -> Result<PerFormat<T>, E> {
        let [rss, atom, json] = FeedFormat::ALL;
        Ok(PerFormat([
            value_for(rss)?,
            value_for(atom)?,
            value_for(json)?,
        ]))
    }

    /// Each format with its value, in [`FeedFormat::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (FeedFormat, &T)> {
        FeedFormat::ALL.into_iter().zip(&self.0)
    }

    /// Each format's value, in [`FeedFormat::ALL`] order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    /// Each format's value, to change, in [`FeedFormat::ALL`] order.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.iter_mut()
    }
}

impl<T> std::ops::Index<FeedFormat> for PerFormat<T> {
    type Output = T;

    fn index(&self, format: FeedFormat) -> &T {
        &self.0[format.index()]
    }
}

impl<T> std::ops::IndexMut<FeedFormat> for PerFormat<T> {
    fn index_mut(&mut self, format: FeedFormat) -> &mut T {
        &mut self.0[format.index()]
    }
}
