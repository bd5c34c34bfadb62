// The npm `feed` package's side of bench/vs-peers: what a Node site script does with it.
// Reads every post (gray-matter front matter, marked for the Markdown), then writes an RSS
// feed holding every post with its full HTML for the site, each tag and each category —
// the work of feedsmith's bench/parity-rss.yaml.
//
//   node bench/peers/feed.mjs CONTENT_DIR OUT_DIR
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, basename } from "node:path";
import matter from "gray-matter";
import { marked } from "marked";
import { Feed } from "feed";

const [contentDir, outDir] = process.argv.slice(2);
const base = "https://bench.example/";
const slugify = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

const posts = readdirSync(contentDir, { recursive: true })
  .filter((name) => name.endsWith(".md"))
  .map((name) => {
    const { data, content } = matter(readFileSync(join(contentDir, name), "utf8"));
    const slug = basename(name, ".md");
    return {
      title: data.title,
      id: `${base}blog/${slug}/`,
      link: `${base}blog/${slug}/`,
      description: data.description,
      content: marked.parse(content),
      date: new Date(data.date),
      image: data.coverImage ? new URL(data.coverImage, base).href : undefined,
      tags: data.tags ?? [],
      category: data.category,
    };
  })
  .sort((a, b) => b.date - a.date || a.id.localeCompare(b.id));

function write(path, title, items) {
  const feed = new Feed({
    title,
    description: "Benchmark corpus",
    id: base,
    link: base,
    updated: items[0]?.date,
    generator: "feed",
  });
  for (const item of items) {
    feed.addItem(item);
  }
  mkdirSync(join(outDir, path, ".."), { recursive: true });
  writeFileSync(join(outDir, path), feed.rss2());
}

const groups = (key) => {
  const map = new Map();
  for (const post of posts) {
    for (const term of key(post)) {
      map.has(term) ? map.get(term).push(post) : map.set(term, [post]);
    }
  }
  return map;
};

write("feed.xml", "Bench", posts);
for (const [tag, items] of groups((post) => post.tags)) {
  write(`tags/${slugify(tag)}/feed.xml`, `Bench: ${tag}`, items);
}
for (const [category, items] of groups((post) => (post.category ? [post.category] : []))) {
  write(`categories/${slugify(category)}/feed.xml`, `Bench: ${category}`, items);
}
