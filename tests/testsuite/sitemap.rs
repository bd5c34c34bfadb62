//! The sitemap's image extension: each post's URL lists its cover image and the images of its
//! body, absolute and each once, at most 1,000; `sitemap.images: false` lists none. Read back
//! with an XML parser and checked against the sitemaps.org and image schemas.

use quick_xml::events::Event;

use crate::schemas::validate_outputs;
use crate::support::Site;

const CONFIG: &str = "title: T\ndescription: D\nbase_url: https://example.com/site/\npermalink: /blog/{slug}/\ntag_feeds: {enabled: false}\ncategory_feeds: {enabled: false}\n";

/// Each `url` of a sitemap: its `loc` and its images' `image:loc`, in order.
fn sitemap_images(xml: &str) -> Vec<(String, Vec<String>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut urls: Vec<(String, Vec<String>)> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) => {
                path.push(start.name().as_ref().to_string());
                match path.last().unwrap().as_str() {
                    "url" => urls.push((String::new(), Vec::new())),
                    "image:loc" => urls.last_mut().unwrap().1.push(String::new()),
                    _ => {}
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(text) => {
                let text = text.xml_content(Default::default()).into_owned();
                let url = urls.last_mut();
                match (path.last().map(String::as_str), url) {
                    (Some("loc"), Some(url)) => url.0.push_str(&text),
                    (Some("image:loc"), Some(url)) => url.1.last_mut().unwrap().push_str(&text),
                    _ => {}
                }
            }
            Event::GeneralRef(reference) => {
                // `&amp;` inside a loc: quick-xml hands entity references over apart.
                let decoded = match reference.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&reference)
                        .unwrap_or_else(|| panic!("unknown entity {reference:?}"))
                        .to_string(),
                };
                let decoded = decoded.as_str();
                if let Some(url) = urls.last_mut() {
                    match path.last().map(String::as_str) {
                        Some("loc") => url.0.push_str(decoded),
                        Some("image:loc") => url.1.last_mut().unwrap().push_str(decoded),
                        _ => {}
                    }
                }
            }
            Event::Eof => return urls,
            _ => {}
        }
    }
}

fn images_of<'a>(urls: &'a [(String, Vec<String>)], page: &str) -> &'a [String] {
    &urls
        .iter()
        .find(|(loc, _)| loc == page)
        .unwrap_or_else(|| panic!("{page} is not in the sitemap: {urls:?}"))
        .1
}

#[test]
fn each_post_lists_its_cover_and_body_images_once_and_absolute() {
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    let long = "x".repeat(2100);
    site.write(
        "content/pictures.md",
        &r#"---
title: Pictures
date: 2024-03-01
coverImage: /img/cover.jpg
---
![site-relative](/img/a.png) and ![page-relative](b.png "title")

![by reference][ref] and the cover again: ![c](/img/cover.jpg)

<figure><img alt="raw" src="/img/raw.webp"><IMG SRC="../shared/up.gif"></figure>

`![not an image](/img/code.png)` and:

```html
<img src="/img/in-code-block.png">
```

![remote](https://cdn.example.net/r.jpg?w=1&h=2) ![inline data](data:image/png;base64,AAAA)
![script](javascript:alert(1)) ![spaced](<my photo.png>) ![too long](/img/{long}.png)

[ref]: /img/ref.svg
"#
        .replace("{long}", &long),
    );
    site.write(
        "content/plain.md",
        "---\ntitle: Plain\ndate: 2024-02-01\n---\nNo pictures here.\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{output:?}");
    let xml = site.read("public/sitemap.xml");
    let urls = sitemap_images(&xml);
    assert_eq!(
        images_of(&urls, "https://example.com/site/blog/pictures/"),
        [
            "https://example.com/site/img/cover.jpg",
            "https://example.com/site/img/a.png",
            "https://example.com/site/blog/pictures/b.png",
            "https://example.com/site/img/ref.svg",
            "https://cdn.example.net/r.jpg?w=1&h=2",
            "https://example.com/site/blog/pictures/my%20photo.png",
            "https://example.com/site/img/raw.webp",
            "https://example.com/site/blog/shared/up.gif",
        ]
    );
    assert!(images_of(&urls, "https://example.com/site/blog/plain/").is_empty());
    assert!(!xml.contains("w=1&h=2"), "escaped in XML: {xml}");
    validate_outputs(&site, "public", &[], &["sitemap.xml"], &[]);
}

#[test]
fn template_images_count_as_the_page_shows_them() {
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    // A Hugo figure shortcode and an MDX image component are images on the published page.
    site.write(
        "content/hugo.md",
        "+++\ntitle = \"Hugo\"\ndate = 2024-01-02\n+++\n{{< figure src=\"/img/fig.png\" alt=\"F\" >}}\n",
    );
    site.write(
        "content/astro.mdx",
        "---\ntitle: Astro\ndate: 2024-01-01\n---\nimport { Image } from 'astro:assets';\n\n<Image src=\"/img/mdx.jpg\" alt=\"M\" width={10} height={10} />\n",
    );
    site.build(&[]);
    let urls = sitemap_images(&site.read("public/sitemap.xml"));
    assert_eq!(
        images_of(&urls, "https://example.com/site/blog/hugo/"),
        ["https://example.com/site/img/fig.png"]
    );
    assert_eq!(
        images_of(&urls, "https://example.com/site/blog/astro/"),
        ["https://example.com/site/img/mdx.jpg"]
    );
}

#[test]
fn a_page_lists_at_most_a_thousand_images() {
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    let body: String = (0..1_200)
        .map(|i| format!("![{i}](/img/{i}.png)\n"))
        .collect();
    site.write(
        "content/gallery.md",
        &format!("---\ntitle: Gallery\ndate: 2024-01-01\n---\n{body}"),
    );
    site.build(&[]);
    let urls = sitemap_images(&site.read("public/sitemap.xml"));
    let images = images_of(&urls, "https://example.com/site/blog/gallery/");
    assert_eq!(images.len(), 1_000);
    assert_eq!(
        images[999], "https://example.com/site/img/999.png",
        "the first thousand"
    );
    validate_outputs(&site, "public", &[], &["sitemap.xml"], &[]);
}

#[test]
fn images_can_be_turned_off() {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        &format!("{CONFIG}sitemap:\n  images: false\n"),
    );
    site.write(
        "content/pictures.md",
        "---\ntitle: Pictures\ndate: 2024-03-01\ncoverImage: /img/cover.jpg\n---\n![a](/img/a.png)\n",
    );
    site.build(&[]);
    let xml = site.read("public/sitemap.xml");
    assert!(!xml.contains("image"), "{xml}");
    assert!(
        sitemap_images(&xml)
            .iter()
            .all(|(_, images)| images.is_empty())
    );
}

#[test]
fn images_count_towards_the_split_of_a_big_sitemap() {
    let site = Site::empty();
    // Each post lists 1,000 images with long URLs: about 2 MB per post (each URL just under the 2,048 characters search engines take), so the 50 MB
    // limit splits the sitemap though it holds only a handful of URLs.
    site.write(
        "config/site.yaml",
        &format!("{CONFIG}feeds: {{limit: 1}}\nmax_post_bytes: 100000000\n"),
    );
    let long = "x".repeat(2_000);
    for post in 0..27 {
        let body: String = (0..1_000)
            .map(|i| format!("![{i}](/img/{long}/{i}.png)\n"))
            .collect();
        site.write(
            &format!("content/p{post}.md"),
            &format!(
                "---\ntitle: P{post}\ndate: 2024-01-{:02}\n---\n{body}",
                post + 1
            ),
        );
    }
    let output = site.build(&[]);
    assert!(output.status.success(), "{output:?}");
    let index = site.read("public/sitemap.xml");
    assert!(index.contains("<sitemapindex"), "split under an index");
    let mut parts = 0;
    for n in 1.. {
        let path = site.path(&format!("public/sitemap-{n}.xml"));
        let Ok(metadata) = std::fs::metadata(&path) else {
            break;
        };
        assert!(metadata.len() <= 50 * 1024 * 1024, "part {n} is over 50 MB");
        parts += 1;
    }
    assert!(parts >= 2, "{parts} parts");
    let listed: usize = (1..=parts)
        .map(|n| {
            sitemap_images(&site.read(&format!("public/sitemap-{n}.xml")))
                .iter()
                .map(|(_, images)| images.len())
                .sum::<usize>()
        })
        .sum();
    assert_eq!(listed, 27_000, "every image listed once across the parts");
}

/// A sitemap may list one host's URLs only: a language served on a host of its own gets a
/// sitemap of its own in its folder (split, with its index naming parts on its host), and
/// the site's sitemap lists only the site's host.
#[test]
fn each_host_has_its_own_sitemap() {
    let config = format!(
        "{CONFIG}sitemap: {{max_urls: 2}}\nlanguages:\n  - en\n  - {{code: de}}\n  - {{code: fr, base_url: \"https://fr.example.org/\"}}\n"
    );
    let post = |title: &str| format!("---\ntitle: {title}\ndate: 2024-01-01\n---\nx\n");
    let site = Site::with(
        &config,
        &[
            ("a.md", post("A").as_str()),
            ("b.de.md", post("B").as_str()),
            ("c.fr.md", post("C").as_str()),
            ("d.fr.md", post("D").as_str()),
            ("e.fr.md", post("E").as_str()),
        ],
    );
    site.build(&[]);
    let locs = |file: &str| -> Vec<String> {
        sitemap_images(&site.read(&format!("public/{file}")))
            .into_iter()
            .map(|(loc, _)| loc)
            .collect()
    };
    assert_eq!(
        locs("sitemap.xml"),
        [
            "https://example.com/site/blog/a/",
            "https://example.com/site/de/blog/b/"
        ]
    );
    // Three French posts at two a file: two parts and an index, all on the French host.
    let index = site.read("public/fr/sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    for part in [
        "https://fr.example.org/sitemap-1.xml",
        "https://fr.example.org/sitemap-2.xml",
    ] {
        assert!(index.contains(&format!("<loc>{part}</loc>")), "{index}");
    }
    let french: Vec<String> = ["fr/sitemap-1.xml", "fr/sitemap-2.xml"]
        .iter()
        .flat_map(|part| locs(part))
        .collect();
    assert_eq!(french.len(), 3);
    assert!(
        french
            .iter()
            .all(|loc| loc.starts_with("https://fr.example.org/"))
    );
    validate_outputs(
        &site,
        "public",
        &[],
        &["sitemap.xml", "fr/sitemap-1.xml", "fr/sitemap-2.xml"],
        &[],
    );
}
