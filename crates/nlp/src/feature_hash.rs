//! Feature hashing shared by the taggers: FNV-1a over text and the splitmix64 finaliser to
//! combine hashes. A model file's features are these hashes: changing them means retraining.

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a of `bytes`, continuing from `h`.
#[inline]
pub(crate) fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// FNV-1a of a text (a `const fn`, for the hashes of fixed markers such as `<s>`).
pub(crate) const fn text_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// The splitmix64 finaliser: every input bit reaches every output bit.
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_const_and_the_streaming_fnv_agree() {
        for text in ["", "<s>", "said", "Zelenskyy’s"] {
            assert_eq!(text_hash(text), fnv(FNV_OFFSET, text.as_bytes()));
        }
    }
}
