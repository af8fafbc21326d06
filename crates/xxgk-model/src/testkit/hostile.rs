//! Hostile inputs for robustness tests: archives built to exhaust a reader.

/// Bits written least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code: its bits go most significant first.
    fn code(&mut self, code: u64, len: u32) {
        for i in (0..len).rev() {
            self.put((code >> i) & 1, 1);
        }
    }
}

/// A deflate stream (one block, fixed Huffman codes) that inflates to `1 + 258 × matches`
/// bytes of `a`: one literal, then back-references of length 258 at distance 1 (13 bits each,
/// a ratio of about 160).
fn deflate_bomb(matches: usize) -> Vec<u8> {
    let mut b = Bits {
        out: Vec::with_capacity(matches * 13 / 8 + 8),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // BFINAL
    b.put(1, 2); // BTYPE = fixed Huffman
    b.code(0x30 + u64::from(b'a'), 8); // literal 'a'
    for _ in 0..matches {
        b.code(0b1100_0101, 8); // length code 285 = 258 bytes
        b.code(0, 5); // distance code 0 = distance 1
    }
    b.code(0, 7); // end of block
    b.put(0, 7); // flush
    b.out
}

/// A `.docx`-shaped zip holding `word/document.xml` as a bomb that inflates to `1 + 258 ×
/// matches` bytes; `declared` is the uncompressed size its
/// headers state (a lying archive states a small one). The CRC is not computed: a reader that
/// respects its limit stops before the end, where the CRC would be checked.
pub fn docx_bomb(matches: usize, declared: u32) -> Vec<u8> {
    let name = b"word/document.xml";
    let data = deflate_bomb(matches);
    let csize = u32::try_from(data.len()).unwrap_or(u32::MAX);
    let mut z = Vec::with_capacity(data.len() + 200);
    let le16 = |z: &mut Vec<u8>, v: u16| z.extend(v.to_le_bytes());
    let le32 = |z: &mut Vec<u8>, v: u32| z.extend(v.to_le_bytes());
    // Local file header.
    le32(&mut z, 0x0403_4b50);
    for v in [20, 0, 8, 0, 0x21] {
        le16(&mut z, v); // version, flags, deflate, time, date
    }
    for v in [0, csize, declared] {
        le32(&mut z, v); // crc, sizes
    }
    le16(&mut z, name.len() as u16);
    le16(&mut z, 0);
    z.extend(name);
    z.extend(&data);
    // Central directory.
    let cd = z.len() as u32;
    le32(&mut z, 0x0201_4b50);
    for v in [20, 20, 0, 8, 0, 0x21] {
        le16(&mut z, v);
    }
    for v in [0, csize, declared] {
        le32(&mut z, v);
    }
    for v in [name.len() as u16, 0, 0, 0, 0] {
        le16(&mut z, v); // name, extra, comment lengths, disk, internal attributes
    }
    le32(&mut z, 0); // external attributes
    le32(&mut z, 0); // local header offset
    z.extend(name);
    let cd_len = z.len() as u32 - cd;
    // End of central directory.
    le32(&mut z, 0x0605_4b50);
    for v in [0, 0, 1, 1] {
        le16(&mut z, v);
    }
    le32(&mut z, cd_len);
    le32(&mut z, cd);
    le16(&mut z, 0);
    z
}
