//! The front-matter keys each field is read under, the tools' names for it, the first
//! listed winning (the README's table): `pubDate` (Astro), `publishedAt` (Next.js content
//! schemas), `pubDatetime` (AstroPaper), `lastmod` (Hugo),
//! `last_modified_at` (Jekyll), `heroImage` (Astro), `path` (Zola), `permalink` (Jekyll,
//! Eleventy).

pub(crate) const TITLE: &[&str] = &["title"];
pub(crate) const DATE: &[&str] = &[
    "date",
    "publishDate",
    "pubDate",
    "published",
    // Content schemas' names: Next.js blogs (contentlayer, next-mdx-remote) and AstroPaper.
    "publishedAt",
    "published_at",
    "pubDatetime",
];
pub(crate) const UPDATED: &[&str] = &[
    "updated",
    "lastmod",
    "lastModified",
    "last_modified_at",
    "modified",
    "updatedDate",
    "updatedAt",
    "updated_at",
    "modDatetime",
];
pub(crate) const DESCRIPTION: &[&str] = &["description", "summary", "excerpt"];
pub(crate) const IMAGE: &[&str] = &[
    "coverImage",
    "cover_image",
    "cover",
    "image",
    "images",
    "heroImage",
    "featured_image",
];
pub(crate) const TAGS: &[&str] = &["tags"];
pub(crate) const CATEGORIES: &[&str] = &["category", "categories"];
pub(crate) const AUTHORS: &[&str] = &["author", "authors"];
pub(crate) const SITE_PATH: &[&str] = &["path", "url", "permalink"];
/// The other keys read.
pub(crate) const OTHERS: &[&str] = &[
    "slug",
    "draft",
    "id",
    "enclosure",
    "audio",
    "video",
    "taxonomies",
    "headless",
    "_build",
    "build",
    "feed",
    "noindex",
    "sitemap",
    "expiryDate",
    "unpublishdate",
];
/// Every key feedsmith reads.
pub(crate) const ALL: &[&[&str]] = &[
    TITLE,
    DATE,
    UPDATED,
    DESCRIPTION,
    IMAGE,
    TAGS,
    CATEGORIES,
    AUTHORS,
    SITE_PATH,
    OTHERS,
];
/// Keys other tools define that are a letter or two from one feedsmith reads, and so
/// no misspelling.
pub(crate) const OTHER_TOOLS: &[&str] = &["data", "tag", "layouts"];
