"""Python feedgen's side of bench/vs-peers: what a Python site script does with it.

Reads every post (PyYAML front matter; cmarkgfm, GitHub's C CommonMark library, for the
Markdown: pure-Python renderers took 8–9 ms a post here, 40 times cmarkgfm's time), then
writes an RSS feed holding every post with its full HTML for the site, each tag and each
category: the work of feedsmith's bench/parity-rss.yaml.

    python bench/peers/feedgen_build.py CONTENT_DIR OUT_DIR
"""

import datetime
import os
import re
import sys
from collections import defaultdict

import cmarkgfm
import yaml
from cmarkgfm.cmark import Options
from feedgen.feed import FeedGenerator

BASE = "https://bench.example/"
MARKDOWN_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_post(path):
    with open(path, encoding="utf-8") as file:
        text = file.read()
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    day = datetime.date.fromisoformat(str(data["date"])[:10])
    slug = os.path.splitext(os.path.basename(path))[0]
    return {
        "title": data["title"],
        "link": f"{BASE}blog/{slug}/",
        "description": data.get("description"),
        "html": cmarkgfm.github_flavored_markdown_to_html(body, options=MARKDOWN_OPTIONS),
        "date": datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc),
        "tags": data.get("tags") or [],
        "category": data.get("category"),
    }


def write(out_dir, path, title, posts):
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(title)
    feed.link(href=BASE, rel="alternate")
    feed.description("Benchmark corpus")
    feed.lastBuildDate(posts[0]["date"])
    # feedgen lists entries newest-added first: add the oldest first.
    for post in reversed(posts):
        entry = feed.add_entry()
        entry.title(post["title"])
        entry.link(href=post["link"])
        entry.guid(post["link"], permalink=True)
        entry.pubDate(post["date"])
        entry.description(post["description"] or post["title"])
        entry.content(post["html"], type="CDATA")
    target = os.path.join(out_dir, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    feed.rss_file(target, pretty=True)


def main():
    content_dir, out_dir = sys.argv[1:3]
    paths = [
        os.path.join(folder, name)
        for folder, _, names in os.walk(content_dir)
        for name in names
        if name.endswith(".md")
    ]
    posts = sorted(map(read_post, paths), key=lambda p: (-p["date"].timestamp(), p["link"]))
    tags, categories = defaultdict(list), defaultdict(list)
    for post in posts:
        for tag in post["tags"]:
            tags[tag].append(post)
        if post["category"]:
            categories[post["category"]].append(post)
    write(out_dir, "feed.xml", "Bench", posts)
    for tag, items in tags.items():
        write(out_dir, f"tags/{slugify(tag)}/feed.xml", f"Bench: {tag}", items)
    for category, items in categories.items():
        write(out_dir, f"categories/{slugify(category)}/feed.xml", f"Bench: {category}", items)


if __name__ == "__main__":
    main()
