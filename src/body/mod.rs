//! The body of a post, from its text as written to the HTML feeds carry: other tools'
//! template syntax ([`template`]), Markdown ([`markdown`]), and the passes over the HTML
//! ([`html`]): URLs made absolute, images found, sanitising.

pub mod html;
pub mod markdown;
pub mod template;
