//! The draft arena: an amount on its way to becoming a `Mention` (`moneyx/extract/draft.py`'s
//! `Draft`), one field per field of the Python record, typed as `docs/native-core.md` §2's
//! record table says (offsets `u32` in characters, amounts the numbers module's exact `Dec`).
//!
//! Step 2 fills the candidate fields (`Draft::candidate`: span, marker, form, number span,
//! the candidate rule's trace); the vetoes, the number and the later stages fill the rest as
//! they move into the core. Drafts live in one `Vec` per document (`Drafts`); `gloss_of` is
//! an index into it, as in Python.

use crate::numbers::Dec;

/// How the number sits against the marker (`Draft.form`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Prefix,
    Suffix,
    Elliptical,
}

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Prefix => "prefix",
            Form::Suffix => "suffix",
            Form::Elliptical => "elliptical",
        }
    }
}

/// A bound qualifying an amount (`moneyx.model.Bound`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Gt,
    Ge,
    Lt,
    Le,
}

impl Bound {
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Gt => "gt",
            Bound::Ge => "ge",
            Bound::Lt => "lt",
            Bound::Le => "le",
        }
    }
}

/// One draft (`Draft`'s fields, in its order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub start: u32,
    pub end: u32,
    pub value: Dec,
    /// the surface's text: the key of `Surfaces` (`Draft.surface.text`)
    pub surface: String,
    pub written: String,
    pub form: Form,
    pub rule: String,
    pub scaled: bool,
    pub num_start: u32,
    pub num_end: u32,
    pub high: Option<Dec>,
    pub approx: bool,
    pub hedge: Option<String>,
    pub bound: Option<Bound>,
    pub per: Option<String>,
    pub role: Option<String>,
    pub gloss_of: Option<u32>,
    pub phrase_code: Option<String>,
    pub phrase: Option<String>,
    /// -1 for none, as in Python
    pub tail: i64,
    pub after_mod: i64,
    pub fused: Option<String>,
    /// the ids of the rules that fired, in order
    pub trace: Vec<String>,
    /// a list figure's frame: the start of the amount whose list it continues, -1 for none
    pub frame: i64,
}

impl Draft {
    /// A draft with the candidate stage's fields and every other field at `Draft`'s default;
    /// `value` is what the number reading gives (zero until the number is read in the core).
    #[allow(clippy::too_many_arguments)]
    pub fn candidate(
        start: u32,
        end: u32,
        surface: &str,
        written: &str,
        form: Form,
        kind: &str,
        num: (u32, u32),
        trace: Vec<String>,
    ) -> Draft {
        Draft {
            start,
            end,
            value: Dec::int(0),
            surface: surface.to_string(),
            written: written.to_string(),
            form,
            rule: format!("{}-{kind}", form.as_str()),
            scaled: false,
            num_start: num.0,
            num_end: num.1,
            high: None,
            approx: false,
            hedge: None,
            bound: None,
            per: None,
            role: None,
            gloss_of: None,
            phrase_code: None,
            phrase: None,
            tail: -1,
            after_mod: -1,
            fused: None,
            trace,
            frame: -1,
        }
    }
}

/// The drafts of one document, in text order.
pub type Drafts = Vec<Draft>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_candidate_draft_has_the_python_defaults() {
        let d = Draft::candidate(
            4,
            9,
            "yuan",
            "yuan",
            Form::Suffix,
            "name",
            (4, 7),
            vec!["candidate.suffix".to_string()],
        );
        assert_eq!(d.rule, "suffix-name");
        assert_eq!((d.tail, d.after_mod, d.gloss_of), (-1, -1, None));
        assert_eq!(d.value.to_string(), "0");
        assert_eq!(Bound::Le.as_str(), "le");
    }
}
