//! One fast hasher (FxHash's mixing step, eight bytes at a time) for the crate's hash tables:
//! the grid reader's label memo, the stream search's state tables and `fill`'s cell lookup.

use std::hash::{BuildHasher, Hasher};

/// FxHash state.
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    /// Eight bytes at a time, the last ones as one zero-padded word (whole words are read
    /// as such and the rest byte by byte: a copy of a variable length was a `memcpy` call
    /// per word).
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let w = rest
                .iter()
                .rev()
                .fold(0u64, |w, &b| (w << 8) | u64::from(b));
            self.write_u64(w);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64);
    }
}

/// Builds [`Fx`] hashers from a seed: `default()` is seed 0 (for keys that come from the
/// program, or where a collision only costs time); [`FxBuild::random`] draws one from the
/// standard library's random state, so that inputs cannot be crafted to collide.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxBuild(u64);

impl FxBuild {
    /// A randomly seeded builder.
    pub(crate) fn random() -> FxBuild {
        FxBuild(std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64))
    }
}

impl BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes hash as zero-padded words: `write(&[x])` equals `write_u8(x)`, and equal inputs
    /// hash alike under one builder.
    #[test]
    fn bytes_hash_as_padded_words() {
        let b = FxBuild::default();
        let mut a = b.build_hasher();
        a.write(&[0xff]);
        let mut c = b.build_hasher();
        c.write_u8(0xff);
        assert_eq!(a.finish(), c.finish());
        assert_eq!(b.hash_one("规章 12"), b.hash_one("规章 12"));
        assert_ne!(b.hash_one("规章 12"), b.hash_one("规章 13"));
    }

    /// `write` hashes the zero-padded eight-byte words of its input, whole and partial.
    #[test]
    fn write_is_padded_words() {
        let bytes: Vec<u8> = (1..=40u8).map(|x| x.wrapping_mul(37)).collect();
        for n in 0..=bytes.len() {
            let input = &bytes[..n];
            let mut a = Fx(7);
            a.write(input);
            let mut b = Fx(7);
            for chunk in input.chunks(8) {
                let mut w = [0u8; 8];
                w[..chunk.len()].copy_from_slice(chunk);
                b.write_u64(u64::from_le_bytes(w));
            }
            assert_eq!(a.finish(), b.finish(), "{n} bytes");
        }
    }
}
