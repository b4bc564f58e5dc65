//! The grammar in the core (issue 18, phase 2, step 1): compile pattern sources written for
//! Python's `regex` module (VERSION0) into `fancy-regex` regexes that match the same spans.
//!
//! The Python builders (`moneyx.matcher`, the stage modules) keep writing the sources from the
//! lexicon data; no word of any language is written here. This module parses a source in the
//! `regex` dialect into a small tree, then writes that tree in `fancy-regex`'s dialect,
//! translating what differs explicitly (each translation has a unit test below):
//!
//! * `\L<name>`: a named list, expanded into an alternation of its escaped entries, longest
//!   first (`regex` matches a named list as a string set, trying the longest entry first).
//! * `(?r)`: `regex`'s reverse mode (a search that runs leftwards from `endpos`) has no
//!   counterpart; the tree is written mirrored (concatenations reversed, look-behind and
//!   look-ahead swapped, `\A` and `\z` swapped) and matched on the reversed text.
//! * `\Z` is the very end (Rust's `\z`), `$` is the end or before a final newline, `^` is the
//!   start of the string (no MULTILINE), `.` is any character but `\n` (no DOTALL).
//! * `\G` at the start of a pattern is an anchored search at `pos`.
//! * Possessive quantifiers (`X++`, `X*+`, `X?+`, `X{m,n}+`) become atomic groups.
//! * Duplicate group names (`regex` gives them one group number; the last capture wins) are
//!   written as separate groups and merged when the match is read.
//! * Characters inside a class are written as `\x{..}` escapes, so `regex`'s literal `[`,
//!   `&&`, `--` and `~~` inside a class never become Rust's nested classes or set operations.
//! * A repeated assertion (`(?:(?!))?`) is nothing when it may repeat zero times, else the
//!   assertion once.
//! * `\w`, `\s`, `\d`, `\b` and case-insensitive matching (`(?i)`: simple case folding) are
//!   Unicode in both dialects, with the same definitions (UTS #18); the Python test compares
//!   them on every code point (they differ only on characters unassigned before Unicode 17,
//!   which `regex`'s tables have and Rust's do not). Under `(?i)`, `regex` also pairs the
//!   dotted and dotless i with i and I (`turkic`): those four are written as explicit sets.
//! * fancy-regex 0.20's trailing-look-ahead rewrite stops a look-ahead seeing past the end of
//!   `RegexInput::range`; reverse patterns (whose range ends before the reversed text does) are
//!   built without it.
//!
//! A construct that cannot be translated faithfully (back-references, conditionals,
//! `\N{...}`, `\p{...}`, fuzzy matching, inline flags other than `i` and `r`, ...) refuses the
//! pattern with the reason; nothing is approximated.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use fancy_regex::{Regex, RegexBuilder, RegexInput};

use crate::backscan::{Accept, BackScan};

/// Why a pattern cannot be compiled faithfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

pub(crate) type Res<T> = std::result::Result<T, Refusal>;

pub(crate) fn refuse<T>(msg: impl Into<String>) -> Res<T> {
    Err(Refusal(msg.into()))
}

// `regex` flag bits (regex/_regex_core.py) the sources may carry
const IGNORECASE: u32 = 0x2;
const LOCALE: u32 = 0x4;
const MULTILINE: u32 = 0x8;
const DOTALL: u32 = 0x10;
pub const UNICODE: u32 = 0x20;
const VERBOSE: u32 = 0x40;
const ASCII: u32 = 0x80;
const REVERSE: u32 = 0x400;
pub const VERSION0: u32 = 0x2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rep {
    Greedy,
    Lazy,
    Possessive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Assert {
    /// `\A` or `^`: the start of the string
    Start,
    /// `\Z`: the very end of the (truncated) string
    End,
    /// `$`: the end, or before a newline that ends the string
    Dollar,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Empty,
    Lit(char),
    /// a character class, already written in Rust's syntax (it reads the same both ways)
    Class(String),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        rep: Rep,
    },
    /// a capturing group: (Python group number, instance of that number)
    Group(usize, usize, Box<Node>),
    /// a scoped case-insensitivity flag: `(?i:...)` or `(?-i:...)`
    Case(bool, Box<Node>),
    Look {
        behind: bool,
        negate: bool,
        node: Box<Node>,
    },
    Atomic(Box<Node>),
    Assert(Assert),
}

/// A parsed source: its tree and the facts about it the matcher needs.
struct Parsed {
    node: Node,
    reverse: bool,
    ignore_case: bool,
    /// the pattern starts with `\G`: every search is anchored at `pos`
    anchored: bool,
    /// Python group number -> how many groups of the tree carry it (duplicate names)
    instances: Vec<usize>,
    names: BTreeMap<String, usize>,
}

struct Parser<'a> {
    chars: Vec<char>,
    i: usize,
    lists: &'a HashMap<String, Vec<String>>,
    instances: Vec<usize>,
    names: BTreeMap<String, usize>,
    global_i: bool,
    reverse: bool,
}

fn hex_value(s: &str) -> Res<char> {
    u32::from_str_radix(s, 16)
        .ok()
        .and_then(char::from_u32)
        .map_or_else(|| refuse(format!("bad code point escape {s:?}")), Ok)
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if self.chars.len() >= self.i + n
            && s.chars().zip(&self.chars[self.i..]).all(|(a, b)| a == *b)
        {
            self.i += n;
            true
        } else {
            false
        }
    }

    fn where_(&self) -> String {
        format!("at character {}", self.i)
    }

    fn take_hex(&mut self, n: usize) -> Res<char> {
        if self.i + n > self.chars.len() {
            return refuse(format!("truncated escape {}", self.where_()));
        }
        let s: String = self.chars[self.i..self.i + n].iter().collect();
        self.i += n;
        hex_value(&s)
    }

    /// The name between `<` and `>` (the `<` already read).
    fn take_name(&mut self) -> Res<String> {
        let mut name = String::new();
        loop {
            match self.peek() {
                Some('>') => {
                    self.i += 1;
                    return Ok(name);
                }
                Some(c) if c.is_alphanumeric() || c == '_' => {
                    name.push(c);
                    self.i += 1;
                }
                _ => return refuse(format!("bad group or list name {}", self.where_())),
            }
        }
    }

    fn parse_alt(&mut self) -> Res<Node> {
        let mut alts = vec![self.parse_concat()?];
        while self.peek() == Some('|') {
            self.i += 1;
            alts.push(self.parse_concat()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn parse_concat(&mut self) -> Res<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.parse_atom()?;
            let atom = self.parse_quantifiers(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` at the current position: (chars read, min, max), or
    /// None if it is not a quantifier (then `{` is a literal, as in `regex` VERSION0).
    fn brace(&self) -> Option<(usize, u32, Option<u32>)> {
        let rest = &self.chars[self.i..];
        let close = rest.iter().position(|&c| c == '}')?;
        let body: String = rest[1..close].iter().collect();
        let (lo, hi) = match body.split_once(',') {
            None => {
                let n: u32 = body.parse().ok()?;
                (n, Some(n))
            }
            Some((a, b)) => {
                let lo = if a.is_empty() { 0 } else { a.parse().ok()? };
                let hi = if b.is_empty() {
                    None
                } else {
                    Some(b.parse().ok()?)
                };
                (lo, hi)
            }
        };
        if body.chars().any(|c| !(c.is_ascii_digit() || c == ',')) {
            return None;
        }
        Some((close + 1, lo, hi))
    }

    fn parse_quantifiers(&mut self, mut atom: Node) -> Res<Node> {
        loop {
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.i += 1;
                    (0, None)
                }
                Some('+') => {
                    self.i += 1;
                    (1, None)
                }
                Some('?') => {
                    self.i += 1;
                    (0, Some(1))
                }
                Some('{') => match self.brace() {
                    Some((n, lo, hi)) => {
                        self.i += n;
                        (lo, hi)
                    }
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            if let Some(hi) = max {
                if hi < min {
                    return refuse(format!("quantifier {{{min},{hi}}} {}", self.where_()));
                }
            }
            let rep = if self.peek() == Some('?') {
                self.i += 1;
                Rep::Lazy
            } else if self.peek() == Some('+') {
                self.i += 1;
                Rep::Possessive
            } else {
                Rep::Greedy
            };
            if matches!(atom, Node::Assert(_) | Node::Look { .. } | Node::Empty) {
                // a repeated assertion is zero-width: `regex` reads `(?!x)?` as nothing and
                // `(?=x)+` as `(?=x)`; a group inside would be set or not depending on how
                // the repeat is tried, which is not translated
                if has_groups(&atom) {
                    return refuse(format!(
                        "a repeated look-around with a group {}",
                        self.where_()
                    ));
                }
                if min == 0 {
                    atom = Node::Empty;
                }
                continue;
            }
            atom = Node::Repeat {
                node: Box::new(atom),
                min,
                max,
                rep,
            };
            // `regex` reads `a{2}{3}` and `a*?+`... as repeated quantifiers: so does the loop
        }
    }

    fn group_number(&mut self, name: Option<String>) -> (usize, usize) {
        if let Some(name) = &name {
            if let Some(&n) = self.names.get(name) {
                self.instances[n - 1] += 1;
                return (n, self.instances[n - 1] - 1);
            }
        }
        self.instances.push(1);
        let n = self.instances.len();
        if let Some(name) = name {
            self.names.insert(name, n);
        }
        (n, 0)
    }

    fn finish_group(&mut self) -> Res<Node> {
        let inner = self.parse_alt()?;
        if self.peek() != Some(')') {
            return refuse(format!("missing ) {}", self.where_()));
        }
        self.i += 1;
        Ok(inner)
    }

    fn parse_group(&mut self) -> Res<Node> {
        // `(` already read
        if !self.eat("?") {
            let (n, k) = self.group_number(None);
            return Ok(Node::Group(n, k, Box::new(self.finish_group()?)));
        }
        if self.eat(":") {
            return self.finish_group();
        }
        if self.eat("P<")
            || (self.peek() == Some('<')
                && !matches!(self.peek_at(1), Some('=' | '!'))
                && self.eat("<"))
        {
            let name = self.take_name()?;
            let (n, k) = self.group_number(Some(name));
            return Ok(Node::Group(n, k, Box::new(self.finish_group()?)));
        }
        for (tok, behind, negate) in [
            ("=", false, false),
            ("!", false, true),
            ("<=", true, false),
            ("<!", true, true),
        ] {
            if self.eat(tok) {
                let node = Box::new(self.finish_group()?);
                return Ok(Node::Look {
                    behind,
                    negate,
                    node,
                });
            }
        }
        if self.eat(">") {
            return Ok(Node::Atomic(Box::new(self.finish_group()?)));
        }
        if self.eat("#") {
            while let Some(c) = self.peek() {
                self.i += 1;
                if c == ')' {
                    return Ok(Node::Empty);
                }
            }
            return refuse("unterminated comment");
        }
        // inline flags: (?flags) at the start, (?flags:...) or (?-flags:...) scoped
        let start = self.i;
        let mut on = String::new();
        let mut off = String::new();
        let mut neg = false;
        while let Some(c) = self.peek() {
            match c {
                '-' => neg = true,
                ':' | ')' => break,
                c if c.is_ascii_alphabetic() => {
                    if neg {
                        off.push(c)
                    } else {
                        on.push(c)
                    }
                }
                _ => return refuse(format!("unknown group syntax (?{c} {}", self.where_())),
            }
            self.i += 1;
        }
        let bad: String = on
            .chars()
            .chain(off.chars())
            .filter(|&c| c != 'i' && c != 'r' && c != 'u')
            .collect();
        if !bad.is_empty() {
            return refuse(format!(
                "inline flag(s) {bad:?} (at character {start}) not translated"
            ));
        }
        if self.eat(")") {
            // a global flag: `regex` applies it to the whole pattern wherever it stands; the
            // sources only write it first
            if start != 2 || !off.is_empty() {
                return refuse(format!(
                    "a global inline flag not at the start (character {start})"
                ));
            }
            self.global_i |= on.contains('i');
            self.reverse |= on.contains('r');
            return Ok(Node::Empty);
        }
        if !self.eat(":") {
            return refuse(format!("unterminated flags group {}", self.where_()));
        }
        if on.contains('r') || off.contains('r') {
            return refuse("a scoped reverse flag (?r:...)");
        }
        let inner = self.finish_group()?;
        if on.contains('i') {
            Ok(Node::Case(true, Box::new(inner)))
        } else if off.contains('i') {
            Ok(Node::Case(false, Box::new(inner)))
        } else {
            Ok(inner)
        }
    }

    /// A named list as an alternation of its entries, longest first.
    fn named_list(&mut self) -> Res<Node> {
        let name = self.take_name()?;
        let Some(entries) = self.lists.get(&name) else {
            return refuse(format!("named list \\L<{name}> not given"));
        };
        let mut entries: Vec<&String> = entries.iter().collect();
        entries.sort_by(|a, b| {
            b.chars()
                .count()
                .cmp(&a.chars().count())
                .then_with(|| a.cmp(b))
        });
        entries.dedup();
        let alts: Vec<Node> = entries
            .into_iter()
            .map(|e| Node::Concat(e.chars().map(Node::Lit).collect()))
            .collect();
        // an empty list matches the empty string in `regex` (the builders put an unmatchable
        // entry in a list that may be empty)
        Ok(if alts.is_empty() {
            Node::Empty
        } else {
            Node::Alt(alts)
        })
    }

    /// An escape outside a class (the `\` already read).
    fn parse_escape(&mut self) -> Res<Node> {
        let Some(c) = self.peek() else {
            return refuse("a trailing backslash");
        };
        self.i += 1;
        Ok(match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => Node::Class(format!("\\{c}")),
            'b' => Node::Assert(Assert::WordBoundary),
            'B' => Node::Assert(Assert::NotWordBoundary),
            'A' => Node::Assert(Assert::Start),
            'Z' => Node::Assert(Assert::End),
            'G' => return refuse("\\G other than at the start of the pattern"),
            'L' => {
                if !self.eat("<") {
                    return refuse(format!("\\L without <name> {}", self.where_()));
                }
                self.named_list()?
            }
            _ => Node::Lit(self.escaped_char(c)?),
        })
    }

    /// The character an escape stands for (`c` is the character after the backslash).
    fn escaped_char(&mut self, c: char) -> Res<char> {
        Ok(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\x0c',
            'v' => '\x0b',
            'a' => '\x07',
            'x' => self.take_hex(2)?,
            'u' => self.take_hex(4)?,
            'U' => self.take_hex(8)?,
            '0' => {
                // an octal escape \0, \0o, \0oo
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 && matches!(self.peek(), Some('0'..='7')) {
                    v = v * 8 + self.peek().and_then(|d| d.to_digit(8)).unwrap_or(0);
                    self.i += 1;
                    n += 1;
                }
                char::from_u32(v).map_or_else(|| refuse("bad octal escape"), Ok)?
            }
            c if c.is_ascii_digit() => return refuse(format!("a back-reference \\{c}")),
            c if c.is_ascii_alphanumeric() => {
                return refuse(format!("the escape \\{c} is not translated"))
            }
            c => c,
        })
    }

    fn parse_class(&mut self) -> Res<Node> {
        // `[` already read
        let mut out = String::from("[");
        if self.eat("^") {
            out.push('^');
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return refuse("unterminated character class");
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            if c == '[' && matches!(self.peek_at(1), Some(':' | '=' | '.')) {
                return refuse("a POSIX class inside a class");
            }
            self.i += 1;
            let lo = if c == '\\' {
                let Some(e) = self.peek() else {
                    return refuse("a trailing backslash in a class");
                };
                self.i += 1;
                match e {
                    'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                        write!(out, "\\{e}").ok();
                        continue;
                    }
                    'b' => '\x08',
                    'p' | 'P' | 'N' => return refuse(format!("\\{e} in a class")),
                    e => self.escaped_char(e)?,
                }
            } else {
                c
            };
            // a range lo-hi (a `-` before `]` is a literal)
            if self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None) {
                self.i += 1;
                let h = self.peek().unwrap_or(']');
                self.i += 1;
                let hi = if h == '\\' {
                    let Some(e) = self.peek() else {
                        return refuse("a trailing backslash in a class");
                    };
                    self.i += 1;
                    if matches!(e, 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P' | 'N') {
                        return refuse(format!("a range ending in \\{e}"));
                    }
                    if e == 'b' {
                        '\x08'
                    } else {
                        self.escaped_char(e)?
                    }
                } else {
                    h
                };
                if hi < lo {
                    return refuse("a class range out of order");
                }
                write!(out, "\\x{{{:X}}}-\\x{{{:X}}}", lo as u32, hi as u32).ok();
            } else {
                write!(out, "\\x{{{:X}}}", lo as u32).ok();
            }
        }
        out.push(']');
        Ok(Node::Class(out))
    }

    fn parse_atom(&mut self) -> Res<Node> {
        let Some(c) = self.peek() else {
            return refuse("unexpected end");
        };
        self.i += 1;
        Ok(match c {
            '(' => self.parse_group()?,
            '[' => self.parse_class()?,
            '\\' => self.parse_escape()?,
            '.' => Node::Class("[^\\n]".to_string()),
            '^' => Node::Assert(Assert::Start),
            '$' => Node::Assert(Assert::Dollar),
            '*' | '+' | '?' => return refuse(format!("nothing to repeat {}", self.where_())),
            c => Node::Lit(c),
        })
    }
}

fn has_groups(node: &Node) -> bool {
    match node {
        Node::Group(..) => true,
        Node::Concat(v) | Node::Alt(v) => v.iter().any(has_groups),
        Node::Repeat { node, .. }
        | Node::Case(_, node)
        | Node::Look { node, .. }
        | Node::Atomic(node) => has_groups(node),
        Node::Empty | Node::Lit(_) | Node::Class(_) | Node::Assert(_) => false,
    }
}

fn parse(source: &str, flags: u32, lists: &HashMap<String, Vec<String>>) -> Res<Parsed> {
    let known = IGNORECASE | UNICODE | REVERSE | VERSION0;
    if flags & !known != 0 {
        let mut names = Vec::new();
        for (bit, name) in [
            (LOCALE, "LOCALE"),
            (MULTILINE, "MULTILINE"),
            (DOTALL, "DOTALL"),
            (VERBOSE, "VERBOSE"),
            (ASCII, "ASCII"),
        ] {
            if flags & bit != 0 {
                names.push(name);
            }
        }
        return refuse(format!(
            "flags {flags:#x} ({}) not translated",
            names.join(", ")
        ));
    }
    let mut p = Parser {
        chars: source.chars().collect(),
        i: 0,
        lists,
        instances: Vec::new(),
        names: BTreeMap::new(),
        global_i: flags & IGNORECASE != 0,
        reverse: flags & REVERSE != 0,
    };
    // a leading global flag group `(?ir)`, then `\G`
    let is_flags = |chars: &[char]| {
        chars.len() > 3
            && chars[0] == '('
            && chars[1] == '?'
            && chars[2..]
                .iter()
                .position(|&c| c == ')')
                .is_some_and(|k| k > 0 && chars[2..2 + k].iter().all(|c| c.is_ascii_alphabetic()))
    };
    if is_flags(&p.chars) {
        p.i = 1;
        p.parse_group()?;
    }
    let mut anchored = false;
    if p.eat("\\G") {
        anchored = true;
    }
    let body = p.parse_alt()?;
    if p.i < p.chars.len() {
        return refuse(format!("unbalanced ) at character {}", p.i));
    }
    if anchored && p.reverse {
        return refuse("\\G in a reverse pattern");
    }
    Ok(Parsed {
        node: body,
        reverse: p.reverse,
        ignore_case: p.global_i,
        anchored,
        instances: p.instances,
        names: p.names,
    })
}

fn push_lit(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == ' ' {
        out.push(c);
    } else {
        write!(out, "\\x{{{:X}}}", c as u32).ok();
    }
}

/// The characters `regex` matches for `c` under `(?i)` where they differ from Rust's simple
/// case folding: `regex` also pairs the dotted and dotless i with i and I (not transitively:
/// `(?i)ı` matches I but not i). Elsewhere the two fold alike (tested on every cased code
/// point against the characters the patterns write).
fn turkic(c: char) -> Option<&'static [char]> {
    match c {
        'i' => Some(&['i', 'I', '\u{130}']),
        'I' => Some(&['I', 'i', '\u{131}']),
        '\u{131}' => Some(&['\u{131}', 'I']),
        '\u{130}' => Some(&['\u{130}', 'i']),
        _ => None,
    }
}

fn push_ranges(out: &mut String, ranges: impl Iterator<Item = (char, char)>) {
    out.push_str("(?-i:[");
    for (a, b) in ranges {
        write!(out, "\\x{{{:X}}}-\\x{{{:X}}}", a as u32, b as u32).ok();
    }
    out.push_str("])");
}

/// A class under `(?i)` as `regex` reads it, when that is not Rust's: the union of `regex`'s
/// case variants of its members (Rust's simple folding plus `turkic`), then negated if the
/// class is; None when Rust's `(?i)` gives the same set.
fn ci_class(class: &str) -> Option<String> {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, HirKind};
    let (negated, positive) = match class.strip_prefix("[^") {
        Some(rest) => (true, format!("[{rest}")),
        None => (false, class.to_string()),
    };
    let hir = regex_syntax::Parser::new().parse(&positive).ok()?;
    let base = match hir.kind() {
        HirKind::Class(Class::Unicode(base)) => base.clone(),
        // a class of one character is read as that character
        HirKind::Literal(lit) => {
            let c = std::str::from_utf8(&lit.0).ok()?.chars().next()?;
            ClassUnicode::new([ClassUnicodeRange::new(c, c)])
        }
        _ => return None,
    };
    let extra: Vec<char> = ['i', 'I', '\u{130}', '\u{131}']
        .into_iter()
        .filter(|&c| base.ranges().iter().any(|r| r.start() <= c && c <= r.end()))
        .flat_map(|c| turkic(c).unwrap_or(&[]).iter().copied())
        .collect();
    if extra.is_empty() {
        return None;
    }
    let mut set = base.clone();
    set.case_fold_simple();
    set.union(&ClassUnicode::new(
        extra.into_iter().map(|c| ClassUnicodeRange::new(c, c)),
    ));
    if negated {
        set.negate();
    }
    let mut out = String::new();
    push_ranges(&mut out, set.ranges().iter().map(|r| (r.start(), r.end())));
    Some(out)
}

/// The characters the translation of `c` matches: itself; under `(?i)` its simple case
/// folding (what fancy-regex's `(?i)` matches), or the explicit set `turkic` writes.
fn matched_by(c: char, ci: bool) -> Vec<(char, char)> {
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    if !ci {
        return vec![(c, c)];
    }
    if let Some(set) = turkic(c) {
        let set = ClassUnicode::new(set.iter().map(|&c| ClassUnicodeRange::new(c, c)));
        return set.ranges().iter().map(|r| (r.start(), r.end())).collect();
    }
    let mut set = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    set.case_fold_simple();
    set.ranges().iter().map(|r| (r.start(), r.end())).collect()
}

/// An alternation of plain literals (a named list, "Sept|Apr|Aug") written as a dispatch on
/// the character each alternative matches first, so the backtracking VM tries a few
/// branches instead of every alternative (a named list of 936 currency names ran through all
/// 936 at every position tried). Exact: the alternatives that can both match at one place
/// begin with characters matching a common character; such alternatives stay in one branch in
/// their order, so the first alternative that leads to a match is the same. A branch whose
/// first characters all match the same set is written as that character and the alternation
/// of the rests, which is dispatched in turn (a trie); otherwise its alternatives are written
/// as they are. None when the alternation is not all literals (or too short to gain), or has
/// an empty alternative before its end (an empty one matches everywhere: order around it
/// matters).
fn dispatch_literals(alts: &[Node], mirror: bool, ci: bool) -> Option<Node> {
    let mut words: Vec<Vec<char>> = Vec::with_capacity(alts.len());
    for a in alts {
        let w: Option<Vec<char>> = match a {
            Node::Lit(c) => Some(vec![*c]),
            Node::Empty => Some(Vec::new()),
            Node::Concat(items) => items
                .iter()
                .map(|n| match n {
                    Node::Lit(c) => Some(*c),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        words.push(w?);
    }
    // an empty alternative is only allowed last (a named list's shortest entry)
    let tail_empty = words.last().is_some_and(Vec::is_empty);
    let body = if tail_empty {
        &words[..words.len() - 1]
    } else {
        &words[..]
    };
    if body.len() < 4 || body.iter().any(Vec::is_empty) {
        return None;
    }
    // the character each alternative matches first (its last when the text is reversed)
    let first = |w: &Vec<char>| if mirror { w[w.len() - 1] } else { w[0] };
    let rest = |w: &Vec<char>| -> Vec<char> {
        if mirror {
            w[..w.len() - 1].to_vec()
        } else {
            w[1..].to_vec()
        }
    };
    // branches: alternatives whose first characters match a common character (transitively),
    // each branch in the order of its first alternative, its alternatives in their order
    let sets: Vec<Vec<(char, char)>> = body.iter().map(|w| matched_by(first(w), ci)).collect();
    let mut parent: Vec<usize> = (0..body.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut seen: HashMap<char, usize> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for &(a, b) in set {
            for c in a..=b {
                match seen.get(&c) {
                    Some(&j) => {
                        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                    None => {
                        seen.insert(c, i);
                    }
                }
            }
        }
    }
    let branch: Vec<usize> = (0..body.len()).map(|i| root(&mut parent, i)).collect();
    let mut roots: Vec<usize> = Vec::new();
    for &b in &branch {
        if !roots.contains(&b) {
            roots.push(b);
        }
    }
    if roots.len() == body.len() {
        return None; // no two alternatives share a first character: nothing to share
    }
    let literal = |w: Vec<char>| -> Node {
        match w.len() {
            0 => Node::Empty,
            _ => Node::Concat(w.into_iter().map(Node::Lit).collect()),
        }
    };
    let mut out = Vec::with_capacity(roots.len() + 1);
    let mut shared = false;
    for root in roots {
        let members: Vec<usize> = (0..body.len()).filter(|&i| branch[i] == root).collect();
        let same = members.iter().all(|&i| sets[i] == sets[members[0]]);
        if members.len() == 1 || !same {
            out.extend(members.iter().map(|&i| literal(body[i].clone())));
            continue;
        }
        shared = true;
        let head = Node::Lit(first(&body[members[0]]));
        let rests = Node::Alt(members.iter().map(|&i| literal(rest(&body[i]))).collect());
        out.push(Node::Concat(if mirror {
            vec![rests, head]
        } else {
            vec![head, rests]
        }));
    }
    if !shared {
        return None; // written as it was: emitting it again would come back here
    }
    if tail_empty {
        out.push(Node::Empty);
    }
    Some(Node::Alt(out))
}

/// Write `node` in fancy-regex's dialect; `mirror`: for the reversed text; `ci`: inside a
/// case-insensitive scope.
pub(crate) fn emit(node: &Node, mirror: bool, ci: bool, out: &mut String) {
    let emit = |n: &Node, out: &mut String| emit(n, mirror, ci, out);
    match node {
        Node::Empty => {}
        Node::Lit(c) => match turkic(*c).filter(|_| ci) {
            Some(set) => push_ranges(out, set.iter().map(|&c| (c, c))),
            None => push_lit(out, *c),
        },
        Node::Class(s) => match ci.then(|| ci_class(s)).flatten() {
            Some(set) => out.push_str(&set),
            None => out.push_str(s),
        },
        Node::Concat(items) => {
            out.push_str("(?:");
            if mirror {
                items.iter().rev().for_each(|n| emit(n, out));
            } else {
                items.iter().for_each(|n| emit(n, out));
            }
            out.push(')');
        }
        Node::Alt(alts) => {
            if let Some(tree) = dispatch_literals(alts, mirror, ci) {
                return emit(&tree, out);
            }
            out.push_str("(?:");
            for (k, a) in alts.iter().enumerate() {
                if k > 0 {
                    out.push('|');
                }
                emit(a, out);
            }
            out.push(')');
        }
        Node::Repeat {
            node,
            min,
            max,
            rep,
        } => {
            if *rep == Rep::Possessive {
                out.push_str("(?>");
            }
            out.push_str("(?:");
            emit(node, out);
            out.push(')');
            match max {
                Some(hi) => write!(out, "{{{min},{hi}}}"),
                None => write!(out, "{{{min},}}"),
            }
            .ok();
            if *rep == Rep::Lazy {
                out.push('?');
            }
            if *rep == Rep::Possessive {
                out.push(')');
            }
        }
        Node::Group(n, k, inner) => {
            write!(out, "(?P<g{n}_{k}>").ok();
            emit(inner, out);
            out.push(')');
        }
        Node::Case(on, inner) => {
            out.push_str(if *on { "(?i:" } else { "(?-i:" });
            self::emit(inner, mirror, *on, out);
            out.push(')');
        }
        Node::Look {
            behind,
            negate,
            node,
        } => {
            let behind = *behind != mirror;
            out.push_str(match (behind, negate) {
                (false, false) => "(?=",
                (false, true) => "(?!",
                (true, false) => "(?<=",
                (true, true) => "(?<!",
            });
            emit(node, out);
            out.push(')');
        }
        Node::Atomic(inner) => {
            out.push_str("(?>");
            emit(inner, out);
            out.push(')');
        }
        Node::Assert(a) => out.push_str(match (a, mirror) {
            (Assert::Start, false) | (Assert::End, true) => "\\A",
            (Assert::End, false) | (Assert::Start, true) => "\\z",
            (Assert::Dollar, false) => "(?=\\n?\\z)",
            (Assert::Dollar, true) => "(?:\\A|(?<=\\A\\n))",
            (Assert::WordBoundary, _) => "\\b",
            (Assert::NotWordBoundary, _) => "\\B",
        }),
    }
}

/// One compiled pattern.
pub struct Pattern {
    reverse: bool,
    anchored: bool,
    /// the regex for `search` and `match`, and the one for `fullmatch` (`...\z`, anchored),
    /// built on first use: few patterns are ever full-matched, and compiling both up front was
    /// a good share of the cold start
    find: Regex,
    full: OnceLock<Res<Regex>>,
    /// Python group number - 1 -> the indexes of its instances in `find`/`full`'s captures
    slots: Vec<Vec<usize>>,
    pub names: BTreeMap<String, usize>,
    /// the fancy-regex source (for the curious and the tests)
    pub translated: String,
    /// the regex that refuses an empty match (`finditer` after an empty match), built on use
    nonempty: OnceLock<Res<Regex>>,
    /// the explicit matcher that runs the pattern instead of fancy-regex (`backscan`: the CJK
    /// `before_suffix`); fancy-regex's translation stays the reference (`reference` calls)
    explicit: Option<BackScan>,
}

/// What a match reports: its span and every group's span (None for a group that did not
/// take part), in byte offsets of the text given.
pub type Found = ((usize, usize), Vec<Option<(usize, usize)>>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Search,
    Match,
    FullMatch,
    /// `match`, refusing an empty match (inside `finditer`)
    MatchNotEmpty,
}

/// `optimize`: fancy-regex 0.20 rewrites a trailing positive look-ahead in a way that stops it
/// seeing past the end of `RegexInput::range` (`b(?=a)` on "ba" with the range 0..1 finds
/// nothing); reverse patterns, whose range ends before the (reversed) text does, are built
/// without that rewrite.
fn build(src: &str, optimize: bool) -> Res<Regex> {
    RegexBuilder::new(src)
        .backtrack_limit(10_000_000)
        .optimize(optimize)
        .build()
        .map_err(|e| Refusal(format!("fancy-regex refuses the translation: {e}")))
}

impl Pattern {
    /// Compile a source of the `regex` module with its flag bits and named lists.
    pub fn new(source: &str, flags: u32, lists: &HashMap<String, Vec<String>>) -> Res<Pattern> {
        let parsed = parse(source, flags, lists)?;
        let explicit = if parsed.reverse {
            BackScan::new(
                &parsed.node,
                parsed.ignore_case,
                parsed.instances.len(),
                &parsed.names,
            )
            .ok()
        } else {
            None
        };
        let mut body = String::new();
        if parsed.ignore_case {
            body.push_str("(?i)");
        }
        emit(&parsed.node, parsed.reverse, parsed.ignore_case, &mut body);
        let find = build(&body, !parsed.reverse)?;
        let mut slots = vec![Vec::new(); parsed.instances.len()];
        for (ix, name) in find.capture_names().enumerate() {
            let Some(name) = name else { continue };
            let Some((n, _)) = name[1..].split_once('_') else {
                continue;
            };
            if let Ok(n) = n.parse::<usize>() {
                slots[n - 1].push(ix);
            }
        }
        Ok(Pattern {
            reverse: parsed.reverse,
            anchored: parsed.anchored,
            find,
            full: OnceLock::new(),
            slots,
            names: parsed.names,
            translated: body,
            nonempty: OnceLock::new(),
            explicit,
        })
    }

    pub fn groups(&self) -> usize {
        self.slots.len()
    }

    pub fn reverse(&self) -> bool {
        self.reverse
    }

    /// Whether an explicit matcher (`backscan`) runs this pattern instead of fancy-regex.
    pub fn explicit(&self) -> bool {
        self.explicit.is_some()
    }

    /// Run on `hay` (the text, or the reversed text, already truncated where the call says),
    /// the match lying in `range`; spans in bytes of `hay`.
    fn run(&self, hay: &str, range: std::ops::Range<usize>, method: Method) -> Res<Option<Found>> {
        let anchored = self.anchored || method != Method::Search;
        let re = match method {
            Method::FullMatch => {
                let built = self
                    .full
                    .get_or_init(|| build(&format!("(?:{})\\z", self.translated), !self.reverse));
                match built {
                    Ok(re) => re,
                    Err(e) => return Err(e.clone()),
                }
            }
            Method::Search | Method::Match => &self.find,
            Method::MatchNotEmpty => {
                let built = self.nonempty.get_or_init(|| {
                    RegexBuilder::new(self.find.as_str())
                        .backtrack_limit(10_000_000)
                        .optimize(!self.reverse)
                        .find_not_empty(true)
                        .build()
                        .map_err(|e| Refusal(format!("fancy-regex refuses the translation: {e}")))
                });
                match built {
                    Ok(re) => re,
                    // a pattern that only ever matches the empty string has no non-empty match
                    Err(_) => return Ok(None),
                }
            }
        };
        let input = RegexInput::new(hay)
            .range(range.clone())
            .from_pos(range.start)
            .anchored(anchored);
        let caps = re
            .captures_input(input)
            .map_err(|e| Refusal(format!("fancy-regex failed at run time: {e}")))?;
        let Some(caps) = caps else { return Ok(None) };
        let Some(whole) = caps.get(0) else {
            return Ok(None);
        };
        if whole.start() < range.start || whole.end() > range.end {
            return Ok(None);
        }
        let groups = self
            .slots
            .iter()
            .map(|ixs| {
                // the last instance (in the order the text is read) that took part
                ixs.iter()
                    .filter_map(|&ix| caps.get(ix).map(|m| (m.start(), m.end())))
                    .max_by_key(|&(s, e)| {
                        if self.reverse {
                            (usize::MAX - s, e)
                        } else {
                            (e, s)
                        }
                    })
            })
            .collect();
        Ok(Some(((whole.start(), whole.end()), groups)))
    }
}

/// A text prepared for matching: character -> byte offsets and (for reverse patterns) the
/// reversed text, built once per text and kept for the calls that follow on the same text.
pub struct Prepared {
    text: String,
    /// byte offset of each character (and of the end); empty when the text is ASCII
    starts: Vec<usize>,
    reversed: OnceLock<String>,
}

impl Prepared {
    pub fn new(text: &str) -> Prepared {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Prepared {
            text: text.to_string(),
            starts,
            reversed: OnceLock::new(),
        }
    }

    pub fn chars(&self) -> usize {
        if self.starts.is_empty() {
            self.text.len()
        } else {
            self.starts.len() - 1
        }
    }

    fn byte(&self, ch: usize) -> usize {
        if self.starts.is_empty() {
            ch
        } else {
            self.starts[ch]
        }
    }

    fn char_of(&self, byte: usize) -> usize {
        if self.starts.is_empty() {
            byte
        } else {
            self.starts.partition_point(|&b| b < byte)
        }
    }

    fn reversed(&self) -> &str {
        self.reversed
            .get_or_init(|| self.text.chars().rev().collect())
    }
}

/// Python's `pos`/`endpos`: negative values count from the end (as slices do), then both are
/// clipped to the text, and `endpos` is never before `pos`.
pub fn window(len: usize, pos: isize, endpos: Option<isize>) -> (usize, usize) {
    // (a `pos` after `endpos` is moved back to it: `regex.search("x*", "abc", 2, 1)` is (1, 1))
    let fix = |v: isize| -> usize {
        if v < 0 {
            len.saturating_sub(v.unsigned_abs())
        } else {
            (v as usize).min(len)
        }
    };
    let end = endpos.map_or(len, fix);
    (fix(pos).min(end), end)
}

/// A match in character offsets: span and group spans.
pub type CharFound = ((usize, usize), Vec<Option<(usize, usize)>>);

impl Pattern {
    /// `method` on `text[..endpos]` from `pos` (characters), as the `regex` module does.
    pub fn call(
        &self,
        text: &Prepared,
        method: Method,
        pos: usize,
        end: usize,
    ) -> Res<Option<CharFound>> {
        let start = if self.reverse { end } else { pos };
        self.call_at(text, method, pos, end, start, false)
    }

    /// `call` run by fancy-regex's translation even where an explicit matcher runs the
    /// pattern: the reference the explicit matcher is tested against.
    pub fn call_reference(
        &self,
        text: &Prepared,
        method: Method,
        pos: usize,
        end: usize,
    ) -> Res<Option<CharFound>> {
        let start = if self.reverse { end } else { pos };
        self.call_at(text, method, pos, end, start, true)
    }

    /// `call` with the search starting at `start` (between `pos` and `end`; a reverse
    /// pattern searches leftwards from it), the window staying `pos..end`: `finditer`'s
    /// later searches, where `\Z` is still `end` and `\A` still the start of the text.
    fn call_at(
        &self,
        text: &Prepared,
        method: Method,
        pos: usize,
        end: usize,
        start: usize,
        reference: bool,
    ) -> Res<Option<CharFound>> {
        let (bpos, bend, bstart) = (text.byte(pos), text.byte(end), text.byte(start));
        if !self.reverse {
            let hay = &text.text[..bend];
            let found = self.run(hay, bstart..bend, method)?;
            return Ok(found.map(|((s, e), groups)| {
                let conv = |b: usize| text.char_of(b);
                (
                    (conv(s), conv(e)),
                    groups
                        .into_iter()
                        .map(|g| g.map(|(s, e)| (conv(s), conv(e))))
                        .collect(),
                )
            }));
        }
        if method == Method::FullMatch && pos > 0 {
            // `\z` is the end of the reversed text, which is the start of the text
            return refuse("fullmatch of a reverse pattern with pos > 0 is not translated");
        }
        if let (Some(x), false) = (&self.explicit, reference) {
            let (search, accept) = match method {
                Method::Search => (!self.anchored, Accept::Any),
                Method::Match => (false, Accept::Any),
                Method::FullMatch => (false, Accept::At(bpos)),
                Method::MatchNotEmpty => (false, Accept::NotEmpty),
            };
            let found = x.call(&text.text[..bend], bpos, bstart, search, accept)?;
            let conv = |b: usize| text.char_of(b);
            return Ok(found.map(|((s, e), groups)| {
                (
                    (conv(s), conv(e)),
                    groups
                        .into_iter()
                        .map(|g| g.map(|(s, e)| (conv(s), conv(e))))
                        .collect(),
                )
            }));
        }
        let total = text.text.len();
        let rev = text.reversed();
        // byte b of the text is byte total - b of the reversed text
        let hay = &rev[total - bend..];
        let found = self.run(hay, bend - bstart..bend - bpos, method)?;
        Ok(found.map(|((s, e), groups)| {
            let conv = |r: usize| text.char_of(bend - r);
            (
                (conv(e), conv(s)),
                groups
                    .into_iter()
                    .map(|g| g.map(|(s, e)| (conv(e), conv(s))))
                    .collect(),
            )
        }))
    }
}

impl Pattern {
    /// Every match `finditer` yields over `text[..endpos]` from `pos`, as the `regex` module
    /// does: a match may not be empty where the last match was empty (a non-empty one may
    /// start there); a reverse pattern yields them leftwards from `endpos`.
    pub fn finditer(&self, text: &Prepared, pos: usize, end: usize) -> Res<Vec<CharFound>> {
        self.finditer_with(text, pos, end, false)
    }

    /// `finditer` run by fancy-regex's translation (the reference; see `call_reference`).
    pub fn finditer_reference(
        &self,
        text: &Prepared,
        pos: usize,
        end: usize,
    ) -> Res<Vec<CharFound>> {
        self.finditer_with(text, pos, end, true)
    }

    fn finditer_with(
        &self,
        text: &Prepared,
        pos: usize,
        end: usize,
        reference: bool,
    ) -> Res<Vec<CharFound>> {
        let mut out = Vec::new();
        // the next search starts at `at` (moving forwards, or backwards for reverse patterns)
        let (mut at, mut empty_at) = (if self.reverse { end } else { pos }, None);
        loop {
            let mut found = self.call_at(text, Method::Search, pos, end, at, reference)?;
            if let Some(((s, e), _)) = &found {
                if s == e && empty_at == Some(*s) {
                    // empty where the last match was empty: a non-empty match there, else
                    // the search goes on one character further
                    found = self.call_at(text, Method::MatchNotEmpty, pos, end, at, reference)?;
                    if found.is_none() {
                        if self.anchored {
                            // `\G` stays where the last match ended: nothing further on
                            break;
                        }
                        let next = if self.reverse {
                            at.checked_sub(1).filter(|&n| n >= pos)
                        } else {
                            Some(at + 1).filter(|&n| n <= end)
                        };
                        let Some(next) = next else { break };
                        found = self.call_at(text, Method::Search, pos, end, next, reference)?;
                    }
                }
            }
            let Some(m) = found else { break };
            let ((s, e), _) = m;
            empty_at = (s == e).then_some(s);
            at = if self.reverse { s } else { e };
            out.push(m);
        }
        Ok(out)
    }
}

/// A set of named patterns, compiled once; the patterns a source cannot be translated for are
/// kept with the reason.
pub struct Patterns {
    pub compiled: BTreeMap<String, Arc<Pattern>>,
    pub refused: BTreeMap<String, String>,
    /// the texts prepared last, most recent first (the engine moves between a document and
    /// slices of it)
    recent: Mutex<Vec<Arc<Prepared>>>,
}

/// A call to time: pattern name, method (None for `finditer`), text index, pos, endpos.
pub type Call = (String, Option<Method>, usize, isize, Option<isize>);

/// A source as Python holds it: pattern text, flag bits, named lists.
pub struct Source {
    pub pattern: String,
    pub flags: u32,
    pub lists: HashMap<String, Vec<String>>,
}

impl Patterns {
    pub fn new(sources: BTreeMap<String, Source>) -> Patterns {
        let mut compiled = BTreeMap::new();
        let mut refused = BTreeMap::new();
        for (name, s) in sources {
            match Pattern::new(&s.pattern, s.flags, &s.lists) {
                Ok(p) => {
                    compiled.insert(name, Arc::new(p));
                }
                Err(Refusal(why)) => {
                    refused.insert(name, why);
                }
            }
        }
        Patterns {
            compiled,
            refused,
            recent: Mutex::new(Vec::new()),
        }
    }

    pub fn get(&self, name: &str) -> Res<&Arc<Pattern>> {
        match self.compiled.get(name) {
            Some(p) => Ok(p),
            None => match self.refused.get(name) {
                Some(why) => refuse(format!("pattern {name:?} was refused: {why}")),
                None => refuse(format!("no pattern {name:?}")),
            },
        }
    }

    /// The prepared form of `text`: a recent one if it is the same text, else a new one.
    pub fn prepare(&self, text: &str) -> Arc<Prepared> {
        const KEEP: usize = 32;
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = recent.iter().position(|p| p.text == text) {
            let p = recent.remove(k);
            recent.insert(0, Arc::clone(&p));
            return p;
        }
        let p = Arc::new(Prepared::new(text));
        recent.insert(0, Arc::clone(&p));
        recent.truncate(KEEP);
        p
    }

    /// Run `calls` (pattern, method, text index, pos, endpos) on `texts`, each text prepared
    /// once, as stages in the core will; return the seconds taken and the matches found (the
    /// benchmark of the pure matching cost, no Python in between).
    pub fn time_calls(&self, texts: &[String], calls: &[Call]) -> Res<(f64, usize)> {
        let mut resolved = Vec::with_capacity(calls.len());
        for (name, method, k, pos, endpos) in calls {
            if *k >= texts.len() {
                return refuse(format!("no text {k}"));
            }
            resolved.push((self.get(name)?, *method, *k, *pos, *endpos));
        }
        let prepared: Vec<Prepared> = texts.iter().map(|t| Prepared::new(t)).collect();
        let t0 = std::time::Instant::now();
        let mut found = 0;
        for (pattern, method, k, pos, endpos) in resolved {
            let text = &prepared[k];
            let (pos, end) = window(text.chars(), pos, endpos);
            found += match method {
                Some(m) => usize::from(pattern.call(text, m, pos, end)?.is_some()),
                None => pattern.finditer(text, pos, end)?.len(),
            };
        }
        Ok((t0.elapsed().as_secs_f64(), found))
    }

    /// `name`'s `finditer` on `text` with Python's `pos` and `endpos`; offsets in characters.
    pub fn finditer(
        &self,
        name: &str,
        text: &str,
        pos: isize,
        endpos: Option<isize>,
    ) -> Res<Vec<CharFound>> {
        self.finditer_with(name, text, pos, endpos, false)
    }

    /// `finditer` with `reference`: fancy-regex's translation even where an explicit
    /// matcher runs the pattern.
    pub fn finditer_with(
        &self,
        name: &str,
        text: &str,
        pos: isize,
        endpos: Option<isize>,
        reference: bool,
    ) -> Res<Vec<CharFound>> {
        let pattern = self.get(name)?;
        let prepared = self.prepare(text);
        let (pos, end) = window(prepared.chars(), pos, endpos);
        if reference {
            pattern.finditer_reference(&prepared, pos, end)
        } else {
            pattern.finditer(&prepared, pos, end)
        }
    }

    /// `name`'s `method` on `text` with Python's `pos` and `endpos`; offsets in characters.
    pub fn call(
        &self,
        name: &str,
        method: Method,
        text: &str,
        pos: isize,
        endpos: Option<isize>,
    ) -> Res<Option<CharFound>> {
        self.call_with(name, method, text, pos, endpos, false)
    }

    /// `call` with `reference`: fancy-regex's translation even where an explicit matcher
    /// runs the pattern.
    pub fn call_with(
        &self,
        name: &str,
        method: Method,
        text: &str,
        pos: isize,
        endpos: Option<isize>,
        reference: bool,
    ) -> Res<Option<CharFound>> {
        let pattern = self.get(name)?;
        let prepared = self.prepare(text);
        let (pos, end) = window(prepared.chars(), pos, endpos);
        if reference {
            pattern.call_reference(&prepared, method, pos, end)
        } else {
            pattern.call(&prepared, method, pos, end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(pairs: &[(&str, &[&str])]) -> HashMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    fn pat(src: &str) -> Pattern {
        Pattern::new(src, UNICODE | VERSION0, &HashMap::new()).expect(src)
    }

    fn run(
        p: &Pattern,
        m: Method,
        text: &str,
        pos: isize,
        end: Option<isize>,
    ) -> Option<CharFound> {
        let t = Prepared::new(text);
        let (pos, end) = window(t.chars(), pos, end);
        p.call(&t, m, pos, end).expect("runs")
    }

    fn span(
        p: &Pattern,
        m: Method,
        text: &str,
        pos: isize,
        end: Option<isize>,
    ) -> Option<(usize, usize)> {
        run(p, m, text, pos, end).map(|f| f.0)
    }

    #[test]
    fn named_lists_are_escaped_and_longest_first() {
        let l = lists(&[("w", &["U.S.", "U.S. dollar", "won"])]);
        let p = Pattern::new(r"\L<w>", UNICODE, &l).expect("compiles");
        assert_eq!(
            span(&p, Method::Search, "a U.S. dollar", 0, None),
            Some((2, 13))
        );
        assert_eq!(span(&p, Method::Search, "USxS.", 0, None), None);
        // a shorter entry when the longer cannot continue
        let p = Pattern::new(r"\L<w>!", UNICODE, &l).expect("compiles");
        assert_eq!(
            span(&p, Method::Search, "U.S. dollar U.S.!", 0, None),
            Some((12, 17))
        );
        assert!(Pattern::new(r"\L<x>", UNICODE, &l).is_err());
        // an empty list matches the empty string, an empty entry too
        let l = lists(&[("e", &[]), ("b", &["", "b"])]);
        let p = Pattern::new(r"a\L<e>b", UNICODE, &l).expect("compiles");
        assert_eq!(span(&p, Method::Search, "ab", 0, None), Some((0, 2)));
        let p = Pattern::new(r"a\L<b>c", UNICODE, &l).expect("compiles");
        assert_eq!(span(&p, Method::Search, "abc ac", 0, None), Some((0, 3)));
        assert_eq!(span(&p, Method::Search, "ac", 0, None), Some((0, 2)));
    }

    #[test]
    fn literal_alternations_are_dispatched_with_the_same_results() {
        // the dispatch (a trie on the first character matched) against the alternation
        // written plainly, in both directions and both cases; the lists hold case variants,
        // the Turkic i's (whose sets overlap without being equal), prefixes of one another
        // and an empty last entry
        let words = [
            "dollars",
            "Dollar",
            "dlr",
            "dlrs",
            "d",
            "DOLLAR",
            "iraqi dinar",
            "Irish pound",
            "\u{131}",
            "\u{130}x",
            "ix",
            "yuan",
            "Yuan",
            "yen",
            "",
        ];
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let texts = [
            "dollars",
            "Dollars",
            "DLRS",
            "dlr",
            "d!",
            "IX",
            "\u{130}X",
            "iraqi DINAR",
            "irish Pound",
            "YUAN yen",
            "\u{131}",
            "I",
            "x",
            "dollar!",
        ];
        // the reference: each alternative written by `emit` alone, joined as they are
        let plain = |ci: bool, suffix: &str| -> Regex {
            let alts: Vec<String> = words
                .iter()
                .map(|w| {
                    let mut out = String::new();
                    emit(
                        &Node::Concat(w.chars().map(Node::Lit).collect()),
                        false,
                        ci,
                        &mut out,
                    );
                    out
                })
                .collect();
            let body = format!("(?:{}){suffix}", alts.join("|"));
            Regex::new(&if ci { format!("(?i){body}") } else { body }).expect("plain compiles")
        };
        for ci in [false, true] {
            for suffix in ["", "!", "(?![a-z])"] {
                // the plain alternation keeps the list's order: give the list in that order
                // to `emit` through a tree (longest-first sorting is the parser's, not ours)
                let alts: Vec<Node> = words
                    .iter()
                    .map(|w| Node::Concat(w.chars().map(Node::Lit).collect()))
                    .collect();
                let tree = Node::Alt(alts);
                let mut body = String::new();
                emit(&tree, false, ci, &mut body);
                assert!(body.len() < 2000);
                let body = format!("{}(?:{body}){suffix}", if ci { "(?i)" } else { "" });
                let dispatched = Regex::new(&body).expect("dispatched compiles");
                assert!(body.contains("(?:d(?:"), "{body}");
                let reference = plain(ci, suffix);
                for t in texts {
                    let runs = |re: &Regex| -> Vec<std::ops::Range<usize>> {
                        re.find_iter(t).map(|m| m.expect("runs").range()).collect()
                    };
                    assert_eq!(runs(&dispatched), runs(&reference), "{ci} {suffix:?} {t:?}");
                }
            }
        }
        // mirrored: a reverse pattern reads the list from its last character
        let l = lists(&[("w", &["won", "yuan", "KRW", "krw", "wo", "n"])]);
        let p = Pattern::new(r"(?r)(?i:\L<w>)", UNICODE, &l).expect("compiles");
        assert_eq!(span(&p, Method::Search, "5 won", 0, None), Some((2, 5)));
        assert_eq!(span(&p, Method::Search, "5 WO", 0, None), Some((2, 4)));
        assert_eq!(span(&p, Method::Search, "5 kRw", 0, None), Some((2, 5)));
        assert_eq!(span(&p, Method::Search, "5 xn", 0, None), Some((3, 4)));
    }

    #[test]
    fn dollar_is_the_end_or_before_a_final_newline() {
        let p = pat("a$");
        assert_eq!(span(&p, Method::Search, "a\n", 0, None), Some((0, 1)));
        assert_eq!(span(&p, Method::Search, "a\nb", 0, None), None);
        assert_eq!(span(&p, Method::Search, "a\n\n", 0, None), None);
        let p = Pattern::new("(?r)$a", UNICODE | REVERSE, &HashMap::new());
        // `$` before `a` in a reverse pattern: only an `a` at the end can follow it
        assert!(p.is_ok());
    }

    #[test]
    fn big_z_is_the_very_end_and_endpos_truncates() {
        let p = pat(r"a\Z");
        assert_eq!(span(&p, Method::Search, "a\n", 0, None), None);
        assert_eq!(span(&p, Method::Search, "ab", 0, Some(1)), Some((0, 1)));
        let p = pat(r"a(?=b)");
        assert_eq!(span(&p, Method::Search, "ab", 0, Some(1)), None);
    }

    #[test]
    fn caret_is_the_start_of_the_string_not_pos() {
        let p = pat("^b");
        assert_eq!(span(&p, Method::Search, "ab", 1, None), None);
        assert_eq!(span(&p, Method::Search, "b", 0, None), Some((0, 1)));
    }

    #[test]
    fn lookbehind_sees_before_pos() {
        let p = pat(r"(?<=a)b");
        assert_eq!(span(&p, Method::Match, "ab", 1, None), Some((1, 2)));
        let p = pat(r"\bb");
        assert_eq!(span(&p, Method::Match, "ab", 1, None), None);
    }

    #[test]
    fn g_anchors_search_at_pos() {
        let p = pat(r"\G(?:b)");
        assert_eq!(span(&p, Method::Search, "abb", 1, None), Some((1, 2)));
        assert_eq!(span(&p, Method::Search, "acb", 1, None), None);
        assert!(Pattern::new(r"a\Gb", UNICODE, &HashMap::new()).is_err());
    }

    #[test]
    fn named_groups_and_duplicate_names() {
        let p = pat(r"(?P<x>a)|(?P<x>b)");
        assert_eq!(p.groups(), 1);
        assert_eq!(
            run(&p, Method::Match, "b", 0, None).map(|f| f.1),
            Some(vec![Some((0, 1))])
        );
        let p = pat(r"(?P<x>a)(b)(?P<x>c)");
        assert_eq!(p.groups(), 2);
        assert_eq!(p.names.get("x"), Some(&1));
        let got = run(&p, Method::Match, "abc", 0, None).map(|f| f.1);
        assert_eq!(got, Some(vec![Some((2, 3)), Some((1, 2))]));
    }

    #[test]
    fn reverse_mode_runs_leftwards() {
        let flags = UNICODE | REVERSE;
        let p = Pattern::new(r"(?r)\w+\Z", flags, &HashMap::new()).expect("compiles");
        assert_eq!(
            span(&p, Method::Search, "abc def", 1, Some(5)),
            Some((4, 5))
        );
        assert_eq!(
            span(&p, Method::Search, "abc def", 2, Some(3)),
            Some((2, 3))
        );
        // the search finds the match that ends last, and its lazy repeat is lazy leftwards
        let p = Pattern::new(r"(?r)a+?", flags, &HashMap::new()).expect("compiles");
        assert_eq!(span(&p, Method::Search, "aaa", 0, None), Some((2, 3)));
        // a look-behind still looks left (before pos), a look-ahead right (up to endpos)
        let p = Pattern::new(r"(?r)(?<=a)b", flags, &HashMap::new()).expect("compiles");
        assert_eq!(span(&p, Method::Search, "ab", 1, Some(2)), Some((1, 2)));
        let p = Pattern::new(r"(?r)b(?=c)", flags, &HashMap::new()).expect("compiles");
        assert_eq!(span(&p, Method::Search, "abc", 1, Some(2)), None);
        // the last capture of a repeated group is the leftmost one
        let p = Pattern::new(r"(?r)(a)+", flags, &HashMap::new()).expect("compiles");
        assert_eq!(
            run(&p, Method::Match, "aaa", 0, None).map(|f| f.1),
            Some(vec![Some((0, 1))])
        );
        // match is anchored at endpos
        let p = Pattern::new(r"(?r)\w+", flags, &HashMap::new()).expect("compiles");
        assert_eq!(span(&p, Method::Match, "abc def", 1, Some(3)), Some((1, 3)));
        assert_eq!(span(&p, Method::Match, "abc def", 0, Some(4)), None);
    }

    #[test]
    fn reverse_offsets_are_characters() {
        let p = Pattern::new(r"(?r)(?P<w>\w+)\W*\Z", UNICODE | REVERSE, &HashMap::new())
            .expect("compiles");
        let got = run(&p, Method::Search, "İ ₩ 만원 ₩", 0, None);
        assert_eq!(got, Some(((4, 8), vec![Some((4, 6))])));
    }

    #[test]
    fn possessive_quantifiers_do_not_give_back() {
        let p = pat(r"\S++\s");
        assert_eq!(span(&p, Method::Search, "ab c", 0, None), Some((0, 3)));
        let p = pat(r"a++a");
        assert_eq!(span(&p, Method::Search, "aaa", 0, None), None);
        let p = pat(r"[ ]*+x");
        assert_eq!(span(&p, Method::Search, "  x", 0, None), Some((0, 3)));
    }

    #[test]
    fn class_contents_are_literal() {
        // `[` and `&&` are literals inside a VERSION0 class
        let p = pat(r"[[&&]+");
        assert_eq!(span(&p, Method::Search, "x[&&]", 0, None), Some((1, 4)));
        let p = pat(r"[^\W\d_]+");
        assert_eq!(span(&p, Method::Search, "12ab_c", 0, None), Some((2, 4)));
        let p = pat(r"[\\\]x-]+");
        assert_eq!(span(&p, Method::Search, "a\\]x-b", 0, None), Some((1, 5)));
    }

    #[test]
    fn case_folding_is_scoped() {
        let p = pat(r"(?i:won)X");
        assert_eq!(span(&p, Method::Search, "WONx WonX", 0, None), Some((5, 9)));
        let p = Pattern::new(r"(?i)won", UNICODE | IGNORECASE, &HashMap::new()).expect("compiles");
        assert_eq!(span(&p, Method::Search, "WoN", 0, None), Some((0, 3)));
    }

    #[test]
    fn case_folding_pairs_the_dotted_and_dotless_i_as_regex_does() {
        let all = |src: &str| -> String {
            let p = pat(src);
            "iIıİ"
                .chars()
                .filter(|c| span(&p, Method::FullMatch, &c.to_string(), 0, None).is_some())
                .collect()
        };
        assert_eq!(all("(?i:I)"), "iIı");
        assert_eq!(all("(?i:i)"), "iIİ");
        assert_eq!(all("(?i:ı)"), "Iı");
        assert_eq!(all("(?i:İ)"), "iİ");
        assert_eq!(all("(?i:[a-z])"), "iIİ");
        assert_eq!(all("(?i:[A-Z])"), "iIı");
        assert_eq!(all("(?i:[^i])"), "ı");
        assert_eq!(all("(?i:[^a-z])"), "ı");
        assert_eq!(all("(?i:[^\\W\\d_])"), "iIıİ");
        assert_eq!(all("[a-z]"), "i");
    }

    #[test]
    fn fullmatch_backtracks_to_the_end() {
        let p = pat(r"a|ab");
        assert_eq!(span(&p, Method::FullMatch, "ab", 0, None), Some((0, 2)));
        assert_eq!(span(&p, Method::Match, "ab", 0, None), Some((0, 1)));
        assert_eq!(span(&p, Method::FullMatch, "abc", 0, Some(2)), Some((0, 2)));
    }

    fn spans_of(p: &Pattern, text: &str) -> Vec<(usize, usize)> {
        let t = Prepared::new(text);
        let n = t.chars();
        p.finditer(&t, 0, n)
            .expect("runs")
            .into_iter()
            .map(|f| f.0)
            .collect()
    }

    #[test]
    fn finditer_steps_over_empty_matches_as_python_does() {
        assert_eq!(
            spans_of(&pat("x*"), "axxb"),
            vec![(0, 0), (1, 3), (3, 3), (4, 4)]
        );
        let r = Pattern::new("(?r)x*", UNICODE | REVERSE, &HashMap::new()).expect("compiles");
        assert_eq!(spans_of(&r, "axxb"), vec![(4, 4), (1, 3), (1, 1), (0, 0)]);
        // later searches keep the window: `\Z` is still its end
        let r = Pattern::new(r"(?r)\w+,?\Z", UNICODE | REVERSE, &HashMap::new()).expect("compiles");
        assert_eq!(spans_of(&r, "1,250"), vec![(2, 5)]);
        // a `\G` pattern does not move past an empty match
        assert_eq!(spans_of(&pat(r"\G(?:x*)"), "xab"), vec![(0, 1), (1, 1)]);
        let p = pat(r"\b|a");
        let want = vec![(0, 0), (0, 1), (2, 2), (3, 3), (3, 4), (4, 4)];
        assert_eq!(spans_of(&p, "ab a"), want);
    }

    #[test]
    fn windows_follow_python() {
        assert_eq!(window(7, -3, None), (4, 7));
        assert_eq!(window(7, 1, Some(-2)), (1, 5));
        assert_eq!(window(2, 5, Some(3)), (2, 2));
        assert_eq!(window(3, 2, Some(1)), (1, 1));
    }

    #[test]
    fn untranslatable_constructs_are_refused() {
        for src in [
            r"(a)\1",
            r"\p{L}",
            r"(?s).",
            r"(?x)a",
            r"(?(1)a|b)",
            r"\N{DASH}",
            "a(?i)b",
        ] {
            assert!(
                Pattern::new(src, UNICODE, &HashMap::new()).is_err(),
                "{src}"
            );
        }
        assert!(Pattern::new("a", UNICODE | MULTILINE, &HashMap::new()).is_err());
    }

    #[test]
    fn a_repeated_assertion_is_zero_width() {
        assert_eq!(
            span(&pat("a(?!)?b"), Method::Search, "ab", 0, None),
            Some((0, 2))
        );
        assert_eq!(
            span(&pat("a(?:(?!))?b"), Method::Search, "ab", 0, None),
            Some((0, 2))
        );
        assert_eq!(
            span(&pat("a(?=x)*b"), Method::Search, "ab", 0, None),
            Some((0, 2))
        );
        assert_eq!(span(&pat("a(?=x)+b"), Method::Search, "ab", 0, None), None);
        assert!(Pattern::new("(?=(a))?", UNICODE, &HashMap::new()).is_err());
    }

    #[test]
    fn nested_lookbehinds_compile() {
        let p = pat(r"\.(?<!(?<![\w.])\.{0,2}(?i:mr|[^\W\d_])\.{1,3})");
        assert_eq!(span(&p, Method::Search, "Mr. Kim.", 0, None), Some((7, 8)));
    }
}
