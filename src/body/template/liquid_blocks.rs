//! Liquid's blocks as Liquid runs them: `if`/`elsif`/`else` and `unless` chosen by their
//! conditions, `case`/`when`, `for` (with `else`, `break`, `continue`, `forloop`, `limit`,
//! `offset`, `reversed`, ranges) and `capture`, nested as deep as Liquid allows. Every block
//! of a body is matched with its branches and its end once, in one pass with a stack, so a
//! branch not taken is skipped by a jump and nesting costs nothing but the text itself.
//!
//! A condition (or a loop's list) that names what feedsmith cannot know — `jekyll.environment`,
//! `site.posts`, `include.x`, a filter it does not have — publishes none of its block, with a
//! warning: text an author hid behind a condition is never shown by guessing. A name Liquid
//! would find empty (an unset front-matter key, a bare variable never assigned) is `nil`, as in
//! Liquid.

use std::collections::HashMap;
use std::rc::Rc;

use super::liquid_values::Unknowable;
use super::*;

/// How deep Liquid lets blocks nest: past it, Liquid stops with "Nesting too deep".
const MAX_NESTING: usize = 100;

/// A `{% … %}` tag: where it starts and ends, its name and its argument.
#[derive(Debug, Clone)]
struct Tag {
    start: usize,
    end: usize,
    name: String,
    argument: String,
}

/// A block tag with its branch tags (`elsif`, `else`, `when`) and where its end tag starts
/// and ends, if it has one.
#[derive(Debug, Clone)]
struct Block {
    branches: Vec<Tag>,
    close: Option<(usize, usize)>,
    /// Nested deeper than Liquid allows.
    too_deep: bool,
}

/// Every block of one body, by the offset of its opening tag, and the block each branch tag
/// belongs to.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    by_opener: HashMap<usize, Block>,
    branch_of: HashMap<usize, usize>,
}

/// Whether `name` opens a block, and the branch tags it takes.
fn block_branches(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "if" | "unless" => Some(&["elsif", "else"]),
        "case" => Some(&["when", "else"]),
        "for" | "tablerow" => Some(&["else"]),
        "capture" => Some(&[]),
        _ => None,
    }
}

/// What stops a loop's pass early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LoopSignal {
    Break,
    Continue,
}

/// What a `for` walks, never written out whole: a range of numbers, or a list shared with
/// the variable that holds it; with the stretch `offset`, `limit` and `reversed` leave.
#[derive(Debug, Clone)]
struct LoopItems {
    /// A range's first number, or the list.
    source: Result<i64, Rc<[String]>>,
    /// The items walked: `from..to` of the range or list.
    from: usize,
    to: usize,
    reversed: bool,
}

impl LoopItems {
    fn len(&self) -> usize {
        self.to - self.from
    }

    /// The `index`th item walked (0 first).
    fn item(&self, index: usize) -> String {
        let at = match self.reversed {
            true => self.to - 1 - index,
            false => self.from + index,
        };
        match &self.source {
            Ok(low) => (low + at as i64).to_string(),
            Err(list) => list[at].clone(),
        }
    }
}

impl<'a> Expander<'a, '_> {
    /// The blocks of this body, matched in one pass the first time one is asked for.
    fn blocks(&self) -> &Blocks {
        self.blocks.get_or_init(|| self.match_blocks())
    }

    fn match_blocks(&self) -> Blocks {
        let mut blocks = Blocks::default();
        let mut open: Vec<(usize, String)> = Vec::new();
        // How many of each kind are open: an end tag with none open is passed over at once,
        // without a look through the stack (thousands of stray `endfor`s would cost the
        // product of the two).
        let mut open_kinds: HashMap<String, usize> = HashMap::new();
        let mut next_code = 0;
        let mut at = 0;
        while let Some(found) = self.body[at..].find("{%") {
            let start = at + found;
            // Tags inside code are text, where code is text (the body's walk skips them too).
            while self
                .code
                .get(next_code)
                .is_some_and(|code| code.end <= start)
            {
                next_code += 1;
            }
            if let Some(code) = self.code.get(next_code)
                && code.start <= start
            {
                at = code.end;
                continue;
            }
            let limit = self
                .code
                .get(next_code)
                .map_or(self.body.len(), |code| code.start);
            let Some((inner, end)) = self.delimited_in(start + 2, limit, "%}", &['"']) else {
                at = start + 2;
                continue;
            };
            let trimmed = inner.trim().trim_matches('-').trim();
            let (name, argument) = split_name(trimmed);
            at = end;
            let opaque = match name {
                "raw" => Some("endraw"),
                "comment" => Some("endcomment"),
                "highlight" => Some("endhighlight"),
                _ => None,
            };
            if let Some(closing) = opaque {
                if let Some((_, after)) = self.until_closing(end, &[("{%", closing, "%}")]) {
                    at = after;
                }
                continue;
            }
            let tag = Tag {
                start,
                end,
                name: name.to_string(),
                argument: argument.to_string(),
            };
            if block_branches(name).is_some() {
                blocks.by_opener.insert(
                    start,
                    Block {
                        branches: Vec::new(),
                        close: None,
                        too_deep: open.len() >= MAX_NESTING,
                    },
                );
                open.push((start, name.to_string()));
                *open_kinds.entry(name.to_string()).or_default() += 1;
            } else if let Some((opener, kind)) = open.last()
                && block_branches(kind).is_some_and(|branches| branches.contains(&name))
            {
                blocks.branch_of.insert(start, *opener);
                if let Some(block) = blocks.by_opener.get_mut(opener) {
                    block.branches.push(tag);
                }
            } else if let Some(kind) = name.strip_prefix("end")
                && open_kinds.get(kind).is_some_and(|&n| n > 0)
            {
                // A block left open inside this one stays unclosed, as Liquid would refuse it;
                // each block leaves the stack once, so the pops cost no more than the pushes.
                while let Some((opener, open_kind)) = open.pop() {
                    if let Some(n) = open_kinds.get_mut(&open_kind) {
                        *n -= 1;
                    }
                    if open_kind == kind {
                        if let Some(block) = blocks.by_opener.get_mut(&opener) {
                            block.close = Some((start, end));
                        }
                        break;
                    }
                }
            }
        }
        blocks
    }

    /// `{% if %}` or `{% unless %}` at `start`: the first branch whose condition holds is
    /// expanded, the others skipped; returns where scanning goes on.
    pub(super) fn liquid_if(
        &mut self,
        start: usize,
        end: usize,
        name: &str,
        argument: &str,
    ) -> usize {
        let Some(block) = self.blocks().by_opener.get(&start).cloned() else {
            return end;
        };
        let Some((_, after)) = block.close else {
            self.remove(
                Syntax::Liquid,
                &format!("{{% {name} %}} (never closed)"),
                start,
            );
            return end;
        };
        if block.too_deep {
            return self.left_out(
                &format!("{{% {name} %}} (nested over {MAX_NESTING} deep)"),
                start,
                after,
            );
        }
        let mut branches = vec![(name.to_string(), argument.to_string(), end)];
        branches.extend(
            block
                .branches
                .iter()
                .map(|tag| (tag.name.clone(), tag.argument.clone(), tag.end)),
        );
        for (kind, condition, body) in branches {
            let holds = match kind.as_str() {
                "else" => Ok(true),
                "unless" => self.condition(&condition).map(|holds| !holds),
                _ => self.condition(&condition),
            };
            match holds {
                Ok(true) => return body,
                Ok(false) => {}
                Err(unknown) => {
                    return self.left_out(&format!("{{% {kind} {unknown} %}}"), start, after);
                }
            }
        }
        after
    }

    /// `{% case x %}`: the first `when` one of whose values equals `x` (or `else`) is
    /// expanded.
    pub(super) fn liquid_case(&mut self, start: usize, end: usize, argument: &str) -> usize {
        let Some(block) = self.blocks().by_opener.get(&start).cloned() else {
            return end;
        };
        let Some((_, after)) = block.close else {
            self.remove(Syntax::Liquid, "{% case %} (never closed)", start);
            return end;
        };
        if block.too_deep {
            let name = format!("{{% case %}} (nested over {MAX_NESTING} deep)");
            return self.left_out(&name, start, after);
        }
        let subject = match self.operand(argument.trim()) {
            Ok(subject) => subject,
            Err(unknown) => return self.left_out(&format!("{{% case {unknown} %}}"), start, after),
        };
        for branch in &block.branches {
            if branch.name == "else" {
                return branch.end;
            }
            for value in split_outside_quotes(&branch.argument, ',')
                .into_iter()
                .flat_map(|part| part.split(" or "))
            {
                match self.operand(value.trim()) {
                    Ok(value) if value.equals(&subject) => return branch.end,
                    Ok(_) => {}
                    Err(unknown) => {
                        return self.left_out(&format!("{{% when {unknown} %}}"), start, after);
                    }
                }
            }
        }
        after
    }

    /// A branch tag (`elsif`, `else`, `when`) reached while expanding the branch before it:
    /// the rest of its block is skipped.
    pub(super) fn past_block_of(&mut self, start: usize, end: usize) -> usize {
        let blocks = self.blocks();
        blocks
            .branch_of
            .get(&start)
            .and_then(|opener| blocks.by_opener.get(opener)?.close)
            .map_or(end, |(_, after)| after)
    }

    /// `{% capture x %}…{% endcapture %}`: the block, expanded, becomes the variable `x`.
    pub(super) fn liquid_capture(&mut self, start: usize, end: usize, argument: &str) -> usize {
        let close = self
            .blocks()
            .by_opener
            .get(&start)
            .and_then(|block| block.close);
        let Some((close_start, after)) = close else {
            self.remove(Syntax::Liquid, "{% capture %} (never closed)", start);
            return end;
        };
        let text = self.expand_part(end, close_start, self.vars.clone(), start);
        let name = argument.trim();
        let name = unquote(name).unwrap_or(name).to_string();
        self.vars.insert(name, LiquidValue::Text(text));
        after
    }

    /// `{% for x in list %}…{% else %}…{% endfor %}`: the body once per item (with `x` and
    /// `forloop` bound), or the `else` part for no item. A list that cannot be known leaves
    /// the whole loop out.
    pub(super) fn liquid_for(&mut self, start: usize, end: usize, argument: &str) -> usize {
        let Some(block) = self.blocks().by_opener.get(&start).cloned() else {
            return end;
        };
        let Some((close_start, after)) = block.close else {
            self.remove(Syntax::Liquid, "{% for %} (never closed)", start);
            return end;
        };
        if block.too_deep {
            let name = format!("{{% for %}} (nested over {MAX_NESTING} deep)");
            return self.left_out(&name, start, after);
        }
        let (body_end, otherwise) = match block.branches.first() {
            Some(tag) => (tag.start, Some(tag.end)),
            None => (close_start, None),
        };
        if self.loop_budget.get() == 0 {
            self.remove(
                Syntax::Liquid,
                "{% for %} (stopped: the post's loops wrote 4 times the post)",
                start,
            );
            return after;
        }
        let items = match self.loop_items(argument) {
            Ok(items) => items,
            Err(unknown) => return self.left_out(&format!("{{% for {unknown} %}}"), start, after),
        };
        let Some((name, items)) = items else {
            self.remove(Syntax::Liquid, "{% for %}", start);
            return end;
        };
        if items.len() == 0 {
            if let Some(from) = otherwise {
                let text = self.expand_part(from, close_start, self.vars.clone(), start);
                self.out.push_str(&text);
            }
            return after;
        }
        // The loops of a post write at most a few times its own size, all of them together:
        // a list split from a long string, or many loops, would otherwise make one post
        // hundreds of megabytes.
        let length = items.len();
        for index in 0..length {
            let item = items.item(index);
            if self.loop_budget.get() == 0 {
                self.remove(
                    Syntax::Liquid,
                    "{% for %} (stopped: the post's loops wrote 4 times the post)",
                    start,
                );
                break;
            }
            let mut vars = self.vars.clone();
            vars.insert(name.clone(), LiquidValue::Text(item));
            let numbers = [
                ("index", index + 1),
                ("index0", index),
                ("rindex", length - index),
                ("rindex0", length - index - 1),
                ("length", length),
            ];
            let flags = [("first", index == 0), ("last", index + 1 == length)];
            let forloop = numbers
                .iter()
                .map(|(key, value)| (*key, value.to_string()))
                .chain(flags.iter().map(|(key, value)| (*key, value.to_string())));
            for (key, value) in forloop {
                vars.insert(format!("forloop.{key}"), LiquidValue::Text(value));
            }
            // A pass costs what it reads and copies as well as what it writes: loops that
            // write nothing, or copy many variables, are bounded too.
            let cost = (body_end - end).max(16) + 16 * vars.len();
            let (text, signal) = self.expand_loop_pass(end, body_end, vars, start);
            let left = self.loop_budget.get();
            self.loop_budget.set(left.saturating_sub(cost + text.len()));
            self.out.push_str(&text);
            if signal == Some(LoopSignal::Break) {
                break;
            }
        }
        after
    }

    /// `{% break %}` or `{% continue %}`: inside a loop's pass, the pass ends here.
    pub(super) fn loop_control(&mut self, name: &str, end: usize) -> usize {
        if !self.in_loop {
            return end;
        }
        self.loop_signal = Some(match name {
            "break" => LoopSignal::Break,
            _ => LoopSignal::Continue,
        });
        self.body.len()
    }

    /// The text of `from..to`, expanded with `vars` in scope; what it removed and referred
    /// to is placed at `at`'s line.
    fn expand_part(&mut self, from: usize, to: usize, vars: Vars, at: usize) -> String {
        self.expand_in_scope(from, to, vars, at, false).0
    }

    /// One pass of a loop over `from..to`: its text and whether it ended with a
    /// `break`.
    fn expand_loop_pass(
        &mut self,
        from: usize,
        to: usize,
        vars: Vars,
        at: usize,
    ) -> (String, Option<LoopSignal>) {
        self.expand_in_scope(from, to, vars, at, true)
    }

    fn expand_in_scope(
        &mut self,
        from: usize,
        to: usize,
        vars: Vars,
        at: usize,
        in_loop: bool,
    ) -> (String, Option<LoopSignal>) {
        let mut sub = Expander::new(&self.body[from..to], self.context, vars);
        sub.in_loop = in_loop || self.in_loop;
        sub.loop_budget = std::rc::Rc::clone(&self.loop_budget);
        sub.values = std::rc::Rc::clone(&self.values);
        sub.scan_budget = std::rc::Rc::clone(&self.scan_budget);
        sub.run();
        let _ = at;
        self.removed.extend(
            sub.removed
                .into_iter()
                .map(|(s, n, offset)| (s, n, from + offset)),
        );
        self.references.extend(
            sub.references
                .into_iter()
                .map(|(t, offset)| (t, from + offset)),
        );
        if !in_loop && sub.loop_signal.is_some() {
            // A `break` inside a block inside a loop ends the loop's pass, not only the block.
            self.loop_signal = sub.loop_signal;
        }
        (sub.out, sub.loop_signal)
    }

    /// Leaves a block out whole, naming it in a warning; scanning goes on at `after`.
    fn left_out(&mut self, name: &str, start: usize, after: usize) -> usize {
        self.removed
            .push((Unexpanded::LeftOut(Syntax::Liquid), name.to_string(), start));
        after
    }

    /// A `for` tag's argument (`x in list`, with `limit:`, `offset:`, `reversed`): the loop
    /// variable and the items; `Ok(None)` for an argument that is not a loop; `Err` with
    /// what cannot be known.
    fn loop_items(&self, argument: &str) -> Result<Option<(String, LoopItems)>, Unknowable> {
        let Some((name, rest)) = argument.split_once(" in ") else {
            return Ok(None);
        };
        let rest = rest.trim();
        let (list, options) = match rest.strip_prefix('(') {
            Some(range) => match range.split_once(')') {
                Some((range, options)) => (format!("({range})"), options),
                None => return Ok(None),
            },
            None => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (rest[..end].to_string(), &rest[end..])
            }
        };
        let mut items = match list.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(range) => {
                let Some((low, high)) = range.split_once("..") else {
                    return Ok(None);
                };
                let bound = |text: &str| -> Result<i64, Unknowable> {
                    self.operand(text.trim())?
                        .number()
                        .map(|n| n as i64)
                        .ok_or_else(|| Unknowable::of(text.trim()))
                };
                let (low, high) = (bound(low)?, bound(high)?);
                // Past a million passes, the loop budget has long stopped any loop.
                let count = (high.saturating_sub(low).saturating_add(1)).clamp(0, 1 << 20);
                LoopItems {
                    source: Ok(low),
                    from: 0,
                    to: count as usize,
                    reversed: false,
                }
            }
            None => {
                let list = self.operand(&list)?.items();
                LoopItems {
                    to: list.len(),
                    source: Err(list),
                    from: 0,
                    reversed: false,
                }
            }
        };
        let mut words = options.split_whitespace().peekable();
        while let Some(word) = words.next() {
            let (key, value) = match word.split_once(':') {
                Some((key, "")) => (key, words.next().unwrap_or_default()),
                Some((key, value)) => (key, value),
                None => (word, ""),
            };
            let count = || -> Result<usize, Unknowable> {
                Ok(self.operand(value)?.number().unwrap_or(0.0).max(0.0) as usize)
            };
            // As Liquid applies them: `offset` and `limit` choose the stretch, `reversed`
            // walks it backwards.
            match key {
                "reversed" => items.reversed = true,
                "offset" => items.from = (items.from + count()?).min(items.to),
                "limit" => items.to = items.to.min(items.from.saturating_add(count()?)),
                _ => {}
            }
        }
        Ok(Some((name.trim().to_string(), items)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::expand_in;
    use super::*;

    fn run(body: &str) -> (String, Vec<(Syntax, String)>) {
        let site = SiteValues {
            values: vec![
                ("title".into(), "Site".into()),
                ("show".into(), "true".into()),
            ],
            ..SiteValues::default()
        };
        expand_in(body, Flavor::Liquid, true, &site)
    }

    fn text(body: &str) -> String {
        let (text, removed) = run(body);
        assert!(removed.is_empty(), "{body}: {removed:?}");
        text
    }

    #[test]
    fn conditions_choose_one_branch() {
        for (body, expected) in [
            ("{% if false %}SECRET{% endif %}", ""),
            ("{% if true %}yes{% endif %}", "yes"),
            ("{% unless true %}HIDDEN{% endunless %}", ""),
            ("{% unless false %}shown{% endunless %}", "shown"),
            (
                "{% if page.title == \"A\" %}yes{% else %}no{% endif %}",
                "yes",
            ),
            (
                "{% if page.title == \"B\" %}yes{% else %}no{% endif %}",
                "no",
            ),
            (
                "{% if page.title != 'A' %}1{% elsif page.author == \"Ann\" %}2{% else %}3{% endif %}",
                "2",
            ),
            (
                "{% if page.missing %}x{% else %}unset is nil{% endif %}",
                "unset is nil",
            ),
            ("{% if never_assigned %}x{% endif %}", ""),
            (
                "{% if page.draft %}draft{% else %}false is false{% endif %}",
                "false is false",
            ),
            ("{% if site.show %}on{% endif %}", "on"),
            (
                "{% if page.tags contains \"rust\" %}rusty{% endif %}",
                "rusty",
            ),
            ("{% if page.title contains \"A\" %}has{% endif %}", "has"),
            ("{% if page.tags.size > 1 %}many{% endif %}", "many"),
            (
                "{% if page.tags.first == 'rust' %}first{% endif %}",
                "first",
            ),
            ("{% if 3 >= 3 and 2 < 1 %}x{% else %}and{% endif %}", "and"),
            // Right to left: `true or (false and false)`.
            ("{% if true or false and false %}right{% endif %}", "right"),
            (
                "{% if false and false or true %}x{% else %}left{% endif %}",
                "left",
            ),
            ("{% if page.missing == nil %}nil{% endif %}", "nil"),
            ("{% if '' == empty %}empty{% endif %}", "empty"),
            ("{% if '  ' == blank %}blank{% endif %}", "blank"),
            ("{% assign n = 5 %}{% if n > 4 %}five{% endif %}", "five"),
            ("{%- if true -%}trim{%- endif -%}", "trim"),
        ] {
            assert_eq!(text(body), expected, "{body}");
        }
    }

    #[test]
    fn case_picks_its_when() {
        let body = "{% case page.author %}{% when 'Bo' %}bo{% when \"Ann\", 'Cy' %}ann{% else %}other{% endcase %}";
        assert_eq!(text(body), "ann");
        let body = "{% case 2 %}{% when 1 or 3 %}odd{% else %}even{% endcase %}";
        assert_eq!(text(body), "even");
        assert_eq!(
            text("{% case 9 %}{% when 1 %}one{% endcase %}after"),
            "after"
        );
    }

    #[test]
    fn blocks_nest_to_any_depth_liquid_allows() {
        let body = "{% assign xs = \"a,b,c\" | split: \",\" %}{% for x in xs %}{% for y in xs %}[{{ x }}{{ y }}]{% endfor %}{% endfor %}";
        assert_eq!(text(body), "[aa][ab][ac][ba][bb][bc][ca][cb][cc]");
        let body = "{% for i in (1..4) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% if forloop.first %}first{% endif %}{% endfor %}";
        assert_eq!(text(body), "1first3");
        let body = "{% for i in (1..5) reversed limit:2 %}{{ i }}{{ forloop.index }}/{{ forloop.length }} {% endfor %}";
        // As Liquid has it: `limit` chooses the items, then `reversed` walks them backwards.
        assert_eq!(text(body), "21/2 12/2 ");
        let nested = format!(
            "{}deep{}",
            "{% if true %}".repeat(100),
            "{% endif %}".repeat(100)
        );
        assert_eq!(text(&nested), "deep");
        // Past Liquid's limit the too-deep block is left out, and said so.
        let nested = format!(
            "a{}deep{}b",
            "{% if true %}".repeat(101),
            "{% endif %}".repeat(101)
        );
        let (out, removed) = run(&nested);
        assert_eq!(out, "ab");
        assert_eq!(removed.len(), 1);
        let body = "{% capture greeting %}Hi {{ page.author }}{% endcapture %}[{{ greeting }}]";
        assert_eq!(text(body), "[Hi Ann]");
    }

    #[test]
    fn the_loops_of_a_post_together_write_a_few_times_its_size() {
        let list = format!(
            "{{% assign xs = \"{}\" | split: \",\" %}}",
            "abcdefgh,".repeat(2_000)
        );
        let body = format!(
            "{list}{}",
            "{% for x in xs %}{{ x }}{% endfor %}".repeat(200)
        );
        let (out, removed) = run(&body);
        assert!(
            out.len() <= 4 * body.len().max(1 << 16) + 16,
            "{}",
            out.len()
        );
        assert!(!removed.is_empty());
    }

    #[test]
    fn what_cannot_be_known_publishes_nothing_of_its_block() {
        for body in [
            "{% if jekyll.environment == \"production\" %}SECRET{% else %}OTHER{% endif %}",
            "{% unless include.hidden %}SECRET{% endunless %}",
            "{% if site.posts.size > 0 %}SECRET{% endif %}",
            "{% case site.data.x %}{% when 1 %}SECRET{% else %}OTHER{% endcase %}",
            "{% for p in site.posts %}SECRET{% else %}OTHER{% endfor %}",
            "{% if page.x | fancy_filter %}SECRET{% endif %}",
            "{% if true %}{% if paginator.page %}SECRET{% endif %}{% endif %}",
        ] {
            let (out, removed) = run(body);
            assert_eq!(out, "", "{body}");
            assert_eq!(removed.len(), 1, "{body}: {removed:?}");
            assert!(removed[0].1.starts_with("left out: {%"), "{removed:?}");
        }
    }
}
