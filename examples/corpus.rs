//! Writes a deterministic benchmark corpus: N realistic posts like the shipped ones (about
//! 6 KB of Markdown, 2–5 tags from 200, a category from 12, cover images, code blocks,
//! tables, footnotes, relative links), spread over year folders.
//!
//! `cargo run --release --example corpus -- N DIR [SEED]`
//!
//! The same N and seed give the same bytes on every machine.

use std::fmt::Write as _;
use std::path::PathBuf;

/// splitmix64: a tiny, well-known generator; enough for reproducible test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "machine",
    "learning",
    "patients",
    "clinical",
    "data",
    "model",
    "network",
    "feed",
    "reader",
    "static",
    "site",
    "latency",
    "privacy",
    "quantisation",
    "open",
    "source",
    "research",
    "trial",
    "diagnosis",
    "treatment",
    "algorithm",
    "bias",
    "security",
    "cloud",
    "edge",
    "device",
    "memory",
    "compiler",
    "type",
    "error",
    "result",
    "future",
    "async",
    "throughput",
    "benchmark",
    "archive",
    "syndication",
    "protocol",
    "schema",
    "validator",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "with",
    "on",
    "as",
    "by",
    "it",
];
const TOPICS: &[&str] = &[
    "AI",
    "Machine Learning",
    "Healthcare",
    "Medicine",
    "Rust",
    "Programming",
    "Web",
    "RSS",
    "Open Data",
    "Security",
    "Privacy",
    "Cloud",
    "Edge Computing",
    "Hardware",
    "Databases",
    "Compilers",
    "Type Systems",
    "Testing",
    "Performance",
    "Accessibility",
];
const CATEGORIES: &[&str] = &[
    "Technology",
    "Medicine",
    "Software",
    "Web",
    "Science",
    "Opinion",
    "Tutorial",
    "News",
    "Research",
    "Culture",
    "Business",
    "Design",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        let word = rng.pick(WORDS);
        if i == 0 {
            let mut chars = word.chars();
            text.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            text.push_str(chars.as_str());
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

fn tag(rng: &mut Rng) -> String {
    // 200 tags: 20 topics, each alone (most common) or with one of 9 qualifiers.
    const QUALIFIERS: &[&str] = &[
        "Basics",
        "Advanced",
        "News",
        "Tools",
        "Ops",
        "History",
        "Tips",
        "Research",
        "Case Study",
    ];
    let topic = rng.pick(TOPICS);
    match rng.below(20) {
        0..=10 => topic.to_string(),
        q => format!("{topic} {}", QUALIFIERS[q - 11]),
    }
}

fn post(rng: &mut Rng, index: usize) -> (String, String) {
    let year = 2010 + index % 16;
    let day_of_year = rng.below(365);
    let (month, day) = (day_of_year / 31 + 1, day_of_year % 28 + 1);
    let slug = format!("post-{index:07}");
    let title_words = 6 + rng.below(6);
    let title = sentence(rng, title_words);
    let mut tags: Vec<String> = Vec::new();
    let tag_count = 2 + rng.below(4);
    while tags.len() < tag_count {
        let t = tag(rng);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let mut md = String::new();
    writeln!(md, "---").unwrap();
    writeln!(md, "title: \"{}\"", title.trim_end_matches('.')).unwrap();
    writeln!(md, "date: \"{year}-{month:02}-{day:02}\"").unwrap();
    if rng.below(5) > 0 {
        writeln!(md, "description: \"{}\"", sentence(rng, 18)).unwrap();
    }
    writeln!(md, "coverImage: \"/images/blog/{slug}-cover.jpg\"").unwrap();
    let quoted: Vec<String> = tags.iter().map(|t| format!("'{t}'")).collect();
    writeln!(md, "tags: [{}]", quoted.join(", ")).unwrap();
    writeln!(md, "category: \"{}\"", rng.pick(CATEGORIES)).unwrap();
    if rng.below(3) == 0 {
        writeln!(md, "author: \"Author {}\"", rng.below(40)).unwrap();
    }
    writeln!(md, "---\n\n# {title}\n").unwrap();
    let mut section = 0;
    while md.len() < 5600 {
        section += 1;
        writeln!(md, "## {}\n", sentence(rng, 5)).unwrap();
        for _ in 0..2 {
            let mut paragraph = String::new();
            for _ in 0..4 {
                let words = 8 + rng.below(12);
                paragraph.push_str(&sentence(rng, words));
                paragraph.push(' ');
            }
            writeln!(md, "{}\n", paragraph.trim_end()).unwrap();
        }
        match section % 4 {
            0 => writeln!(md, "![figure {section}](/images/blog/{slug}-{section}.jpg)\n").unwrap(),
            1 => writeln!(
                md,
                "```rust\nfn step_{section}(input: &[u8]) -> usize {{\n    input.iter().filter(|b| **b > 0x20).count()\n}}\n```\n"
            )
            .unwrap(),
            2 => writeln!(
                md,
                "| metric | value |\n|---|---|\n| p50 | {} ms |\n| p99 | {} ms |\n",
                rng.below(100),
                rng.below(1000)
            )
            .unwrap(),
            _ => writeln!(
                md,
                "See [the previous post](../post-{:07}/), [the archive](/blog/) and a note[^n{section}].\n\n[^n{section}]: {}\n",
                index.saturating_sub(1),
                sentence(rng, 7)
            )
            .unwrap(),
        }
    }
    (format!("{year}/{slug}.md"), md)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: corpus N DIR [SEED]";
    let count: usize = args.next().and_then(|n| n.parse().ok()).expect(usage);
    let dir = PathBuf::from(args.next().expect(usage));
    let seed: u64 = args.next().map(|s| s.parse().expect(usage)).unwrap_or(42);
    let mut rng = Rng(seed);
    let mut bytes = 0;
    for index in 0..count {
        let (path, text) = post(&mut rng, index);
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).expect("create folder");
        std::fs::write(&path, &text).expect("write post");
        bytes += text.len();
    }
    eprintln!(
        "corpus: {count} posts, {:.1} MB, average {} bytes, in {}",
        bytes as f64 / 1e6,
        bytes / count.max(1),
        dir.display()
    );
}
