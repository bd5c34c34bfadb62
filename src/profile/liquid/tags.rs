//! Jekyll's tags beside Liquid's own: `include` (a file of `_includes/` with its
//! parameters as `include.x`), `include_relative` (a file beside the post), `highlight` (a
//! code block); and the guards every render carries: an include nested past
//! [`MAX_INCLUDE_DEPTH`] (one that includes itself) and loops past [`LOOP_BUDGET`] passes
//! stop the render with an error the build reports at its place.

use std::io::Write;

use liquid_core::error::ResultLiquidExt;
use liquid_core::model::{KString, Value, ValueView};
use liquid_core::parser::TryMatchToken;
use liquid_core::runtime::StackFrame;
use liquid_core::{
    BlockReflection, Error, Expression, Language, ParseBlock, ParseTag, Renderable, Result,
    Runtime, TagBlock, TagReflection, TagTokenIter, Template,
};

use super::data::Data;

/// How deep includes may nest: deeper is an include that includes itself.
pub(crate) const MAX_INCLUDE_DEPTH: usize = 16;
/// How many passes all the loops of one post may make together.
pub(crate) const LOOP_BUDGET: usize = 1_000_000;
/// What starts the message of an error that stops the build (not just the one piece).
pub(crate) const RUNAWAY: &str = "runaway: ";
/// The tag the cleaning pass puts at the start of every loop's body.
pub(crate) const TICK: &str = "feedsmith_tick";
/// The prefix of a partial's name that is a file beside the post (`include_relative`).
pub(crate) const RELATIVE: &str = "relative:";

#[derive(Default)]
struct IncludeDepth(usize);

#[derive(Default)]
struct LoopPasses(usize);

/// `{% include name key=value … %}` and `{% include_relative name … %}`.
#[derive(Clone, Copy, Debug)]
pub(super) struct IncludeTag {
    pub(super) relative: bool,
}

impl TagReflection for IncludeTag {
    fn tag(&self) -> &'static str {
        match self.relative {
            true => "include_relative",
            false => "include",
        }
    }
    fn description(&self) -> &'static str {
        ""
    }
}

impl ParseTag for IncludeTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let name = arguments.expect_next("a file name")?;
        let name = match name.expect_identifier() {
            TryMatchToken::Matches(name) => name.to_string(),
            TryMatchToken::Fails(name) => match name.expect_literal() {
                TryMatchToken::Matches(literal) => literal.to_kstr().to_string(),
                TryMatchToken::Fails(name) => name.as_str().to_owned(),
            },
        };
        let mut parameters: Vec<(KString, Expression)> = Vec::new();
        while let Ok(next) = arguments.expect_next("") {
            let key = next.expect_identifier().into_result()?.to_owned();
            arguments
                .expect_next("`=`")?
                .expect_str("=")
                .into_result_custom_msg("a parameter is `key=value`")?;
            let value = arguments
                .expect_next("a value")?
                .expect_value()
                .into_result()?;
            parameters.push((key.into(), value));
        }
        Ok(Box::new(Include {
            name,
            parameters,
            relative: self.relative,
        }))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Include {
    name: String,
    parameters: Vec<(KString, Expression)>,
    relative: bool,
}

impl Renderable for Include {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let depth = {
            let mut depth = runtime.registers().get_mut::<IncludeDepth>();
            depth.0 += 1;
            depth.0
        };
        if depth > MAX_INCLUDE_DEPTH {
            return Err(Error::with_msg(format!(
                "{RUNAWAY}`{{% include {} %}}` nests includes more than {MAX_INCLUDE_DEPTH} deep: an include that includes itself?",
                self.name
            )));
        }
        let name = match self.relative {
            true => {
                let page = runtime
                    .try_get(&["page".into(), "path".into()])
                    .map(|path| path.to_kstr().into_owned())
                    .unwrap_or_default();
                let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
                format!("{RELATIVE}{folder}/{}", self.name)
            }
            false => self.name.clone(),
        };
        let mut include = std::collections::BTreeMap::new();
        for (key, value) in &self.parameters {
            let value = value
                .try_evaluate(runtime)
                .map(|value| value.to_value())
                .unwrap_or(Value::Nil);
            include.insert(key.clone(), Data::of_liquid(&value));
        }
        let include = Data::Map(include);
        let frame: std::collections::HashMap<liquid_core::model::KStringRef<'_>, &dyn ValueView> =
            [("include".into(), &include as &dyn ValueView)].into();
        let scope = StackFrame::new(runtime, &frame);
        let partial = scope
            .partials()
            .get(&name)
            .trace_with(|| format!("{{% include {} %}}", self.name).into())?;
        partial
            .render_to(writer, &scope)
            .trace_with(|| format!("{{% include {} %}}", self.name).into())?;
        runtime.registers().get_mut::<IncludeDepth>().0 -= 1;
        Ok(())
    }
}

/// The tag the cleaning pass puts in every loop: counts the passes of all loops.
#[derive(Clone, Copy, Debug)]
pub(super) struct TickTag;

impl TagReflection for TickTag {
    fn tag(&self) -> &'static str {
        TICK
    }
    fn description(&self) -> &'static str {
        ""
    }
}

impl ParseTag for TickTag {
    fn parse(&self, _: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        Ok(Box::new(Tick))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Tick;

impl Renderable for Tick {
    fn render_to(&self, _: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let mut passes = runtime.registers().get_mut::<LoopPasses>();
        passes.0 += 1;
        match passes.0 > LOOP_BUDGET {
            true => Err(Error::with_msg(format!(
                "{RUNAWAY}its loops run more than {LOOP_BUDGET} passes"
            ))),
            false => Ok(()),
        }
    }
}

/// `{% highlight lang %}…{% endhighlight %}`: a code block of what it renders to.
#[derive(Clone, Copy, Debug)]
pub(super) struct HighlightBlock;

impl BlockReflection for HighlightBlock {
    fn start_tag(&self) -> &str {
        "highlight"
    }
    fn end_tag(&self) -> &str {
        "endhighlight"
    }
    fn description(&self) -> &str {
        ""
    }
}

impl ParseBlock for HighlightBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let language = arguments
            .expect_next("")
            .map(|token| token.as_str().trim_matches(['"', '\'']).to_string())
            .unwrap_or_default();
        // `linenos` and the like change only how Jekyll draws it.
        while arguments.expect_next("").is_ok() {}
        let template = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(Highlight { language, template }))
    }
    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct Highlight {
    language: String,
    template: Template,
}

impl Renderable for Highlight {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let mut code = Vec::new();
        self.template.render_to(&mut code, runtime)?;
        let code = String::from_utf8_lossy(&code);
        writer
            .write_all(code_block(&self.language, &code).as_bytes())
            .map_err(|error| Error::with_msg(error.to_string()))
    }
}

/// A code block as Jekyll's `highlight` publishes it: `<pre><code class="language-x">`,
/// which Markdown leaves whole, blank lines and all.
pub(crate) fn code_block(language: &str, code: &str) -> String {
    let code = code.strip_prefix('\n').unwrap_or(code);
    let class = language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
        .collect::<String>();
    let class = match class.is_empty() {
        true => String::new(),
        false => format!(" class=\"language-{class}\""),
    };
    format!(
        "\n<pre><code{class}>{}</code></pre>\n",
        crate::text::html_escape(code)
    )
}
