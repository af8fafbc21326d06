//! A tiny deterministic PRNG (splitmix64), so a seed fully determines every generated report.

/// splitmix64: fast, well distributed, and stable across platforms and releases. Public so
/// tests that damage generated text draw from the same generator as the reports.
///
/// ```
/// use xxgk_model::testkit::Rng;
/// let (mut a, mut b) = (Rng::new(7), Rng::new(7));
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert!((-3..=3).contains(&a.range(-3, 3)));
/// ```
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng {
            state: seed ^ 0x5851_F42D_4C95_7F2D,
        }
    }

    /// A sub-generator for an independent stream (so adding a draw in one part of the generator
    /// does not change the others).
    pub(crate) fn fork(&mut self, salt: u64) -> Rng {
        Rng::new(self.next_u64() ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // The modulo bias is irrelevant for test data.
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi` (`lo` when `hi <= lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + self.below(span) as i64
    }

    /// True with probability `p` (0.0–1.0).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    /// A uniformly chosen element (`None` only for an empty slice).
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// A uniformly chosen `&str` from a non-empty list ("" for an empty one).
    pub(crate) fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        self.pick(items).copied().unwrap_or("")
    }

    /// A count that is usually small: 0 with probability `p_zero`, else roughly log-uniform up
    /// to `max`.
    pub(crate) fn sparse(&mut self, p_zero: f64, max: i64) -> i64 {
        if self.chance(p_zero) || max <= 0 {
            return 0;
        }
        let digits = self.range(1, (max as f64).log10().ceil().max(1.0) as i64);
        let hi = 10i64.saturating_pow(digits as u32).min(max);
        self.range(1, hi.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let v = r.range(-3, 5);
            assert!((-3..=5).contains(&v));
            let s = r.sparse(0.5, 999);
            assert!((0..=999).contains(&s));
        }
        assert_eq!(r.below(0), 0);
    }
}
