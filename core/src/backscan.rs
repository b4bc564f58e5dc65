//! An explicit matcher for the reverse patterns whose number run makes fancy-regex backtrack
//! without bound: the Korean and Chinese `before_suffix` (issue 18 phase 2, step 2b;
//! `docs/native-core.md` §10).
//!
//! Their number, the group `snum`, is `guards tok(?:[ ]?tok)*` in reverse mode: zero-width
//! guards (`(?<!\d)(?<!\d[.,])`, and in Korean `(?:(?<![^\W\d_])|(?=\d))`) before a token
//! language with no look-around. Where no split of a long run into tokens satisfies the guards,
//! a backtracking engine tries every split (exponentially many); `regex` answers at once. Two
//! facts make the group readable in linear time (`tests/test_cjk_snum_premise.py` holds the
//! second against `regex`, on the builder's own source):
//!
//! * what follows `snum` in the reverse search (the optional sign) never fails, so the first
//!   `snum` found for an end is kept: the group is read atomically;
//! * that first `snum` is the **leftmost** start `s` of the window with `text[s:end]` in the
//!   token language and the guards true at `s`.
//!
//! So the group is read by a reverse DFA (`regex-automata`, built from the group's own
//! look-around-free part as the translator writes it) run leftwards from the end, keeping the
//! leftmost accepting position where the guards hold. The rest of the pattern (the optional
//! sign, the fused word, the bracketed qualifier, the gaps and `\Z`: bounded, a few paths) is
//! run by a small backtracking interpreter over the parsed tree, in `regex`'s order (reverse
//! mode: concatenations right to left, greedy repeats longest first, alternatives in order, a
//! group keeping its last capture in matching order), with the group's answer memoised per end.
//! Every character set of the tree (literals, classes, case-insensitive ones) is the one the
//! translator writes for fancy-regex, parsed by `regex-syntax`: the same sets as the reference.
//!
//! Only a reverse pattern with a group named `snum` of that shape gets this matcher (the
//! premise is a property of that group); any construct the interpreter does not run (`\b`,
//! groups inside look-arounds, the group under a look-around, an unbounded repeat outside the
//! group: the interpreter recurses once per repetition) leaves the pattern to fancy-regex.
//! No word is written here: the sets and lists come from the source.

use std::collections::BTreeMap;

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, HirKind};

use crate::grammar::{emit, refuse, Assert, Node, Refusal, Rep, Res};

/// The name of the group read by the DFA.
const RUN_GROUP: &str = "snum";

/// A node of the interpreted tree: `Node` with its character sets resolved.
#[derive(Debug)]
enum X {
    Empty,
    /// sorted, disjoint ranges
    Set(Box<[(char, char)]>),
    Concat(Vec<X>),
    Alt(Vec<X>),
    Repeat {
        node: Box<X>,
        min: u32,
        max: Option<u32>,
        lazy: bool,
    },
    /// a capturing group: its Python group number - 1
    Group(usize, Box<X>),
    Look {
        behind: bool,
        negate: bool,
        node: Box<X>,
    },
    Atomic(Box<X>),
    Assert(Assert),
    /// the number run (the group `snum`)
    Run(Box<Run>),
}

/// Makes a lazy DFA's cache for a thread that has none free.
type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The group read by a reverse DFA: its slot, its zero-width guards, the DFA of the rest.
///
/// The DFA is lazy (`hybrid`): its states are built as texts reach them, so building the
/// stage costs little (a dense DFA of the Unicode classes took most of the cold start); each
/// thread borrows a cache of built states from the pool.
#[derive(Debug)]
struct Run {
    slot: usize,
    guards: X,
    dfa: DFA,
    caches: Pool<Cache, CacheFn>,
}

/// A reverse pattern with a number run, run without unbounded backtracking.
#[derive(Debug)]
pub struct BackScan {
    root: X,
    groups: usize,
    /// the pattern ends with `\Z` (read first in reverse mode): a match ends at `endpos` only
    pinned: bool,
}

/// What decides the end of an accepted match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// any end (`search`, `match`)
    Any,
    /// the match reaches this byte (`fullmatch`)
    At(usize),
    /// the match is not empty (inside `finditer`)
    NotEmpty,
}

/// A match: span and group spans, in bytes of the text.
pub type ByteFound = ((usize, usize), Vec<Option<(usize, usize)>>);

fn zero_width(node: &Node) -> bool {
    match node {
        Node::Empty | Node::Look { .. } | Node::Assert(_) => true,
        Node::Concat(v) | Node::Alt(v) => v.iter().all(zero_width),
        Node::Case(_, n) => zero_width(n),
        _ => false,
    }
}

/// No look-around, assertion, group or atomic part: a regular language a DFA reads as is.
fn plain(node: &Node) -> bool {
    match node {
        Node::Empty | Node::Lit(_) | Node::Class(_) => true,
        Node::Concat(v) | Node::Alt(v) => v.iter().all(plain),
        Node::Repeat { node, rep, .. } => *rep != Rep::Possessive && plain(node),
        Node::Case(_, n) => plain(n),
        Node::Group(..) | Node::Look { .. } | Node::Atomic(_) | Node::Assert(_) => false,
    }
}

/// The characters a literal or class matches: the translator's text for it, parsed by
/// `regex-syntax` (what fancy-regex matches).
fn set_of(node: &Node, ci: bool) -> Res<Box<[(char, char)]>> {
    let mut src = String::new();
    if ci {
        src.push_str("(?i)");
    }
    emit(node, false, ci, &mut src);
    let hir = regex_syntax::Parser::new()
        .parse(&src)
        .map_err(|e| Refusal(format!("regex-syntax refuses {src:?}: {e}")))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            Ok(c.ranges().iter().map(|r| (r.start(), r.end())).collect())
        }
        HirKind::Literal(lit) => {
            let s =
                std::str::from_utf8(&lit.0).map_err(|_| Refusal(format!("{src:?}: not UTF-8")))?;
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(Box::new([(c, c)])),
                _ => refuse(format!("{src:?} is not one character")),
            }
        }
        _ => refuse(format!("{src:?} is not a character set")),
    }
}

struct Lower {
    run_group: Option<usize>,
    runs: usize,
}

impl Lower {
    fn lower(&mut self, node: &Node, ci: bool, in_look: bool) -> Res<X> {
        Ok(match node {
            Node::Empty => X::Empty,
            Node::Lit(_) | Node::Class(_) => X::Set(set_of(node, ci)?),
            Node::Concat(v) => X::Concat(
                v.iter()
                    .map(|n| self.lower(n, ci, in_look))
                    .collect::<Res<_>>()?,
            ),
            Node::Alt(v) => X::Alt(
                v.iter()
                    .map(|n| self.lower(n, ci, in_look))
                    .collect::<Res<_>>()?,
            ),
            Node::Repeat {
                node,
                min,
                max,
                rep,
            } => {
                if max.is_none() {
                    // the interpreter recurses once per repetition: only bounded repeats
                    // (the number run, read by the DFA, is the unbounded part)
                    return refuse("an unbounded repeat outside the number run");
                }
                let inner = X::Repeat {
                    node: Box::new(self.lower(node, ci, in_look)?),
                    min: *min,
                    max: *max,
                    lazy: *rep == Rep::Lazy,
                };
                if *rep == Rep::Possessive {
                    X::Atomic(Box::new(inner))
                } else {
                    inner
                }
            }
            Node::Group(n, _, inner) => {
                if in_look {
                    return refuse("a group inside a look-around");
                }
                if Some(*n) == self.run_group {
                    X::Run(Box::new(self.run(*n, inner, ci)?))
                } else {
                    X::Group(n - 1, Box::new(self.lower(inner, ci, in_look)?))
                }
            }
            Node::Case(on, inner) => self.lower(inner, *on, in_look)?,
            Node::Look {
                behind,
                negate,
                node,
            } => X::Look {
                behind: *behind,
                negate: *negate,
                node: Box::new(self.lower(node, ci, true)?),
            },
            Node::Atomic(inner) => X::Atomic(Box::new(self.lower(inner, ci, in_look)?)),
            Node::Assert(a @ (Assert::Start | Assert::End | Assert::Dollar)) => X::Assert(*a),
            Node::Assert(_) => return refuse("\\b and \\B are not interpreted"),
        })
    }

    fn run(&mut self, n: usize, body: &Node, ci: bool) -> Res<Run> {
        let items: Vec<&Node> = match body {
            Node::Concat(v) => v.iter().collect(),
            other => vec![other],
        };
        let k = items.iter().take_while(|n| zero_width(n)).count();
        let (guards, rest) = items.split_at(k);
        if rest.is_empty() || !rest.iter().all(|n| plain(n)) {
            return refuse(format!("group {RUN_GROUP} is not guards and a plain run"));
        }
        let guards = X::Concat(
            guards
                .iter()
                .map(|g| self.lower(g, ci, true))
                .collect::<Res<_>>()?,
        );
        let mut src = String::new();
        emit(
            &Node::Concat(rest.iter().map(|n| (*n).clone()).collect()),
            false,
            ci,
            &mut src,
        );
        if ci {
            src = format!("(?i:{src})");
        }
        // MatchKind::All: the DFA must accept at every start whose text is in the language;
        // leftmost-first semantics prune the lower-priority paths of an alternation once a
        // higher one matched (it missed "5,000" in `tok(?:[ ]?tok)*`)
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .thompson(
                thompson::Config::new()
                    .reverse(true)
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build(&src)
            .map_err(|e| Refusal(format!("no DFA for group {RUN_GROUP}: {e}")))?;
        let for_cache = dfa.clone();
        let caches: Pool<Cache, CacheFn> = Pool::new(Box::new(move || for_cache.create_cache()));
        self.runs += 1;
        Ok(Run {
            slot: n - 1,
            guards,
            dfa,
            caches,
        })
    }
}

impl BackScan {
    /// The matcher for a parsed reverse pattern, or why it does not apply (then fancy-regex
    /// runs the pattern).
    pub(crate) fn new(
        node: &Node,
        ignore_case: bool,
        groups: usize,
        names: &BTreeMap<String, usize>,
    ) -> Res<BackScan> {
        let Some(&n) = names.get(RUN_GROUP) else {
            return refuse(format!("no group {RUN_GROUP}"));
        };
        let mut lower = Lower {
            run_group: Some(n),
            runs: 0,
        };
        let root = lower.lower(node, ignore_case, false)?;
        if lower.runs != 1 {
            return refuse(format!("group {RUN_GROUP} not found once"));
        }
        let pinned = matches!(&root, X::Concat(v) if matches!(v.last(), Some(X::Assert(Assert::End))))
            || matches!(&root, X::Assert(Assert::End));
        Ok(BackScan {
            root,
            groups,
            pinned,
        })
    }

    /// Match leftwards from `start` (bytes of `hay`, which ends at `endpos`), the match lying
    /// in `pos..`; `search` tries each start from `start` down to `pos`.
    pub fn call(
        &self,
        hay: &str,
        pos: usize,
        start: usize,
        search: bool,
        accept: Accept,
    ) -> Res<Option<ByteFound>> {
        let mut st = St {
            hay,
            lo: pos,
            caps: vec![None; self.groups],
            memo: Vec::new(),
            error: None,
        };
        let mut at = Some(start);
        while let Some(i) = at {
            if !(self.pinned && i != hay.len()) {
                st.caps.iter_mut().for_each(|c| *c = None);
                let mut end = None;
                let ok = self.root.m(true, i, &mut st, &mut |j, _| {
                    let fine = match accept {
                        Accept::Any => true,
                        Accept::At(b) => j == b,
                        Accept::NotEmpty => j != i,
                    };
                    if fine {
                        end = Some(j);
                    }
                    fine
                });
                if let Some(e) = st.error.take() {
                    return Err(e);
                }
                if let (true, Some(j)) = (ok, end) {
                    return Ok(Some(((j, i), st.caps)));
                }
            }
            if !search || i <= pos {
                break;
            }
            at = hay[..i]
                .char_indices()
                .next_back()
                .map(|(b, _)| b)
                .filter(|&b| b >= pos);
        }
        Ok(None)
    }
}

/// The state of one call: the text (ending at `endpos`), the lowest byte the match (or a
/// look-behind: 0) may read, the captures, the run's answers per end.
struct St<'t> {
    hay: &'t str,
    lo: usize,
    caps: Vec<Option<(usize, usize)>>,
    memo: Vec<(usize, Option<usize>)>,
    error: Option<Refusal>,
}

type K<'k, 't> = &'k mut dyn FnMut(usize, &mut St<'t>) -> bool;

fn contains(set: &[(char, char)], c: char) -> bool {
    let k = set.partition_point(|&(_, hi)| hi < c);
    k < set.len() && set[k].0 <= c
}

impl X {
    /// Match `self` at byte `i`, leftwards (`left`) or rightwards, then the continuation `k`;
    /// the first success in `regex`'s order.
    fn m<'t>(&self, left: bool, i: usize, st: &mut St<'t>, k: K<'_, 't>) -> bool {
        match self {
            X::Empty => k(i, st),
            X::Set(set) => {
                let c = if left {
                    if i <= st.lo {
                        return false;
                    }
                    st.hay[..i].chars().next_back()
                } else {
                    st.hay[i..].chars().next()
                };
                match c {
                    Some(c) if contains(set, c) => {
                        let j = if left {
                            i - c.len_utf8()
                        } else {
                            i + c.len_utf8()
                        };
                        k(j, st)
                    }
                    _ => false,
                }
            }
            X::Concat(items) => concat(items, left, i, st, k),
            X::Alt(alts) => alts.iter().any(|a| a.m(left, i, st, k)),
            X::Repeat {
                node,
                min,
                max,
                lazy,
            } => repeat(node, *min, *max, *lazy, 0, left, i, st, k),
            X::Group(slot, inner) => inner.m(left, i, st, &mut |j, st| {
                let old = st.caps[*slot];
                st.caps[*slot] = Some((i.min(j), i.max(j)));
                if k(j, st) {
                    return true;
                }
                st.caps[*slot] = old;
                false
            }),
            X::Look {
                behind,
                negate,
                node,
            } => {
                let lo = st.lo;
                if *behind {
                    st.lo = 0; // a look-behind sees before `pos`
                }
                let seen = node.m(*behind, i, st, &mut |_, _| true);
                st.lo = lo;
                seen != *negate && k(i, st)
            }
            X::Atomic(inner) => {
                let saved = st.caps.clone();
                let mut end = None;
                if inner.m(left, i, st, &mut |j, _| {
                    end = Some(j);
                    true
                }) {
                    if let Some(j) = end {
                        if k(j, st) {
                            return true;
                        }
                    }
                }
                st.caps = saved;
                false
            }
            X::Assert(a) => {
                let n = st.hay.len();
                let holds = match a {
                    Assert::Start => i == 0,
                    Assert::End => i == n,
                    Assert::Dollar => i == n || (i + 1 == n && st.hay.as_bytes()[i] == b'\n'),
                    Assert::WordBoundary | Assert::NotWordBoundary => false,
                };
                holds && k(i, st)
            }
            X::Run(run) => {
                if !left {
                    st.error = Some(Refusal(format!("group {RUN_GROUP} read forwards")));
                    return false;
                }
                let s = match st.memo.iter().find(|(e, _)| *e == i) {
                    Some(&(_, s)) => s,
                    None => {
                        let s = run.leftmost(i, st);
                        st.memo.push((i, s));
                        s
                    }
                };
                let Some(s) = s else { return false };
                let old = st.caps[run.slot];
                st.caps[run.slot] = Some((s, i));
                if k(s, st) {
                    return true;
                }
                st.caps[run.slot] = old;
                false
            }
        }
    }
}

fn concat<'t>(items: &[X], left: bool, i: usize, st: &mut St<'t>, k: K<'_, 't>) -> bool {
    let split = if left {
        items.split_last()
    } else {
        items.split_first()
    };
    match split {
        None => k(i, st),
        Some((first, rest)) => first.m(left, i, st, &mut |j, st| concat(rest, left, j, st, k)),
    }
}

#[allow(clippy::too_many_arguments)]
fn repeat<'t>(
    node: &X,
    min: u32,
    max: Option<u32>,
    lazy: bool,
    count: u32,
    left: bool,
    i: usize,
    st: &mut St<'t>,
    k: K<'_, 't>,
) -> bool {
    let more = max.is_none_or(|hi| count < hi);
    let again = |st: &mut St<'t>, k: K<'_, 't>| {
        more && node.m(left, i, st, &mut |j, st| {
            if j == i {
                // an empty iteration ends the repeat
                return (count + 1 >= min && k(j, st))
                    || (count + 1 < min
                        && repeat(node, min, max, lazy, count + 1, left, j, st, k));
            }
            repeat(node, min, max, lazy, count + 1, left, j, st, k)
        })
    };
    // lazy: stop here first, then one more; greedy: one more first
    if lazy && count >= min && k(i, st) {
        return true;
    }
    if again(st, k) {
        return true;
    }
    !lazy && count >= min && k(i, st)
}

impl Run {
    /// The leftmost start `s >= lo` with `hay[s..end]` in the run's language and the guards
    /// true at `s`, by the reverse DFA from `end` (linear in the bytes read).
    fn leftmost(&self, end: usize, st: &mut St<'_>) -> Option<usize> {
        let mut cache = self.caches.get();
        match self.leftmost_in(end, st, &mut cache) {
            Ok(found) => found,
            Err(e) => {
                st.error = Some(Refusal(format!("group {RUN_GROUP}: {e}")));
                None
            }
        }
    }

    fn leftmost_in(
        &self,
        end: usize,
        st: &mut St<'_>,
        cache: &mut Cache,
    ) -> Result<Option<usize>, String> {
        let dfa = &self.dfa;
        let hay = st.hay;
        let lo = st.lo;
        let input = Input::new(hay).range(lo..end).anchored(Anchored::Yes);
        let err = |e: &dyn std::fmt::Display| e.to_string();
        let mut sid: LazyStateID = dfa
            .start_state_reverse(cache, &input)
            .map_err(|e| err(&e))?;
        let mut best = None;
        let eoi_match = |cache: &mut Cache, sid: LazyStateID| {
            dfa.next_eoi_state(cache, sid)
                .map(|s| s.is_match())
                .map_err(|e| err(&e))
        };
        if eoi_match(cache, sid)? && self.guards_at(end, st) {
            best = Some(end);
        }
        let bytes = hay.as_bytes();
        let mut b = end;
        for (off, _) in hay[lo..end].char_indices().rev() {
            let cb = lo + off;
            for &byte in bytes[cb..b].iter().rev() {
                sid = dfa.next_state(cache, sid, byte).map_err(|e| err(&e))?;
            }
            if sid.is_quit() {
                return Err("the DFA gave up".to_string());
            }
            if sid.is_dead() {
                break;
            }
            b = cb;
            if eoi_match(cache, sid)? && self.guards_at(b, st) {
                best = Some(b);
            }
        }
        Ok(best)
    }

    fn guards_at(&self, at: usize, st: &mut St<'_>) -> bool {
        self.guards.m(true, at, st, &mut |_, _| true)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use crate::grammar::{Method, Pattern, Prepared};

    const REVERSE: u32 = 0x2000 | 0x400 | 0x20;

    /// The shape of the Korean `before_suffix` (a test source: the builders write the real one
    /// from the data), with a fused word list.
    fn cjk() -> Pattern {
        let tok = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[삼천만이십점]+)";
        let src = format!(
            r"(?r)(?P<sneg>(?<![\w.,)\]-])[-−])?(?P<snum>(?<!\d)(?<!\d[.,])(?:(?<![^\W\d_])|(?=\d)){tok}(?:[ ]?{tok})*)(?:(?:-|[ ]{{1,16}})(?P<fused>\L<fused>))?(?:[ ]{{1,16}}|[ ]?-[ ]?)?\Z"
        );
        let lists = HashMap::from([(
            "fused".to_string(),
            vec!["여만".to_string(), "여".to_string()],
        )]);
        Pattern::new(&src, REVERSE, &lists).unwrap()
    }

    fn both(p: &Pattern, text: &str, pos: usize, end: usize) {
        let t = Prepared::new(text);
        for m in [Method::Search, Method::Match, Method::MatchNotEmpty] {
            let want = p.call_reference(&t, m, pos, end).unwrap();
            assert_eq!(
                p.call(&t, m, pos, end).unwrap(),
                want,
                "{text:?} {pos} {end} {m:?}"
            );
        }
        if pos == 0 {
            let want = p.call_reference(&t, Method::FullMatch, 0, end).unwrap();
            assert_eq!(p.call(&t, Method::FullMatch, 0, end).unwrap(), want);
        }
        assert_eq!(
            p.finditer(&t, pos, end).unwrap(),
            p.finditer_reference(&t, pos, end).unwrap()
        );
    }

    #[test]
    fn the_number_run_is_read_as_the_translation_reads_it() {
        let p = cjk();
        assert!(p.explicit());
        let texts = [
            "값은 -5,000 여만 원",
            "5,000",
            "12,345,6789 ",
            "1.5,234",
            "이천 삼백만 ",
            "회사원",
            "가삼천",
            "x 2019 2019",
            "(1.5)-",
            "−3십만여",
            "1,23,456",
            "삼 천  만 ",
        ];
        for text in texts {
            let n = text.chars().count();
            for pos in 0..=n {
                for end in pos..=n {
                    both(&p, text, pos, end);
                }
            }
        }
    }

    #[test]
    fn long_runs_are_answered_where_the_translation_gives_up() {
        let p = cjk();
        let t = Prepared::new(&"2019".repeat(5));
        assert!(p.call_reference(&t, Method::Search, 4, 20).is_err());
        // the leftmost start whose look-behinds hold: none inside a digit run
        assert_eq!(p.call(&t, Method::Search, 4, 20).unwrap(), None);
        let glued = format!("가{}", "삼".repeat(200));
        let t = Prepared::new(&glued);
        assert!(p.call_reference(&t, Method::Search, 0, 201).is_err());
        assert_eq!(p.call(&t, Method::Search, 0, 201).unwrap(), None);
        let spaced = format!("x {}", "2019 ".repeat(300));
        let t = Prepared::new(&spaced);
        let n = t.chars();
        let found = p.call(&t, Method::Search, n - 96, n).unwrap();
        assert_eq!(found.map(|f| f.0), Some((n - 95, n)));
    }

    #[test]
    fn only_a_reverse_number_run_of_guards_and_a_plain_language_is_explicit() {
        let none = HashMap::new();
        let forward = Pattern::new(r"(?P<snum>(?<!\d)\d+)", 0x2000 | 0x20, &none).unwrap();
        assert!(!forward.explicit());
        let other = Pattern::new(r"(?r)(?P<num>(?<!\d)\d+)\Z", REVERSE, &none).unwrap();
        assert!(!other.explicit());
        // a look-around inside the run: the DFA cannot read it, fancy-regex runs the pattern
        let inner = Pattern::new(r"(?r)(?P<snum>(?<!\d)\d+(?!x)\d*)\Z", REVERSE, &none).unwrap();
        assert!(!inner.explicit());
        let plain = Pattern::new(r"(?r)(?P<snum>(?<!\d)\d+)\Z", REVERSE, &none).unwrap();
        assert!(plain.explicit());
        // an unbounded repeat outside the run: the interpreter's recursion would grow with the
        // text, so fancy-regex runs it
        let unbounded = Pattern::new(r"(?r)(?P<snum>(?<!\d)\d+)x*\Z", REVERSE, &none).unwrap();
        assert!(!unbounded.explicit());
    }
}
