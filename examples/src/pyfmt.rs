//! Python's number formatting, so the binaries print the notebooks' lines character for
//! character.
//!
//! The notebooks print three kinds of numbers:
//! - f-string fixed precision, `f'{l:.8f}'`: [`fixed`]. Rust's `{:.8}` already applies the
//!   same rule (the exact binary value, rounded half to even), so this is a thin wrapper that
//!   also widens an `f32` to `f64` first, as Python does with `tensor.item()`.
//! - f-string with a width and the default precision, `f'{w:3f}'`: [`width_f`].
//! - `print(t, loss.item())`, which prints Python's `repr` of a float: [`repr`].
//!
//! A negative zero prints as `-0.00000` in Python too, so [`fixed`] keeps the sign. The
//! notebooks print `0.00000` where a sum of negative zeros occurs because numpy, BLAS and
//! torch start their sums from `+0.0`; the ports do the same (see [`crate::legacy_numpy`]),
//! never `Iterator::sum`, which starts from `-0.0`.
//!
//! ```
//! use nanotorch_examples::pyfmt::{fixed, repr, width_f};
//! assert_eq!(fixed(4.79999924f32, 8), "4.79999924");
//! assert_eq!(repr(-5.423830273798558e-09), "-5.423830273798558e-09");
//! assert_eq!(width_f(1.2f32, 3, 6), "1.200000");
//! ```

/// Python's `format(x, f'.{prec}f')` for the exact value of `x` (an `f32` is widened to
/// `f64`, which is exact). Ties round half to even on the binary value, as in Python.
///
/// ```
/// use nanotorch_examples::pyfmt::fixed;
/// assert_eq!(fixed(0.125, 2), "0.12"); // 0.125 is exact in binary: a true tie, to even
/// assert_eq!(fixed(-4400.0f32, 5), "-4400.00000");
/// ```
pub fn fixed(x: impl Into<f64>, prec: usize) -> String {
    format!("{:.*}", prec, x.into())
}

/// Python's `format(x, f'{width}.{prec}f')`: right-aligned in at least `width` characters.
/// The notebook's `{w:3f}` is `width_f(w, 3, 6)` (width 3, default precision 6).
///
/// ```
/// use nanotorch_examples::pyfmt::width_f;
/// assert_eq!(width_f(1.999916f64, 3, 6), "1.999916");
/// assert_eq!(width_f(1.5f64, 8, 2), "    1.50");
/// ```
pub fn width_f(x: impl Into<f64>, width: usize, prec: usize) -> String {
    format!("{:>width$.prec$}", x.into(), width = width, prec = prec)
}

/// Python's `repr(float(x))`: the shortest decimal digits that round-trip to `x`, written
/// positionally when the decimal exponent is in `-4..16`, else as `d.ddde±XX` with at
/// least two exponent digits. Integral values get a trailing `.0`.
///
/// ```
/// use nanotorch_examples::pyfmt::repr;
/// assert_eq!(repr(209.95834350585938), "209.95834350585938");
/// assert_eq!(repr(1e-06), "1e-06");
/// assert_eq!(repr(2.0), "2.0");
/// assert_eq!(repr(1e16), "1e+16");
/// ```
pub fn repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    // Rust's `{:e}` gives the same shortest round-trip digits as `{}`, with the exponent
    // of the first significant digit, e.g. "-5.423830273798558e-9".
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` writes an integer exponent");
    if (-4..16).contains(&exp) {
        let positional = format!("{x}");
        if positional.contains('.') {
            positional
        } else {
            positional + ".0"
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
    }
}

/// Python's `repr` of a tuple of ints, as a notebook shows `X.shape`: `(5, 1)`, `(3,)`, `()`.
///
/// ```
/// use nanotorch_examples::pyfmt::tuple;
/// assert_eq!(tuple(&[5, 1]), "(5, 1)");
/// ```
pub fn tuple(items: &[usize]) -> String {
    match items {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            items
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Python: f'{x:.5f}' rounds the exact binary value half to even (NOTES.md section 5).
    #[test]
    fn fixed_matches_python_rounding() {
        assert_eq!(fixed(0.25, 1), "0.2");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(3.5, 0), "4");
        // 508.63995f32 is 508.639953613..., so 5 decimals round up.
        assert_eq!(fixed(508.639_95_f32, 5), "508.63995");
        // f32 1.2 is 1.2000000476837158: 8 decimals show it as 1.20000005.
        assert_eq!(fixed(1.2f32, 8), "1.20000005");
    }

    // Python keeps the sign of a negative zero and of tiny negatives: f'{-0.0:.5f}' is
    // '-0.00000'. The notebooks print '0.00000' only because their sums start at +0.0.
    #[test]
    fn fixed_keeps_negative_zero_like_python() {
        assert_eq!(fixed(-0.0, 5), "-0.00000");
        assert_eq!(fixed(-1e-9, 5), "-0.00000");
        assert_eq!(fixed(0.0, 5), "0.00000");
        let products = [-0.0f32, -0.0, -0.0];
        let numpy_sum = products.iter().fold(0.0f32, |a, &b| a + b);
        assert_eq!(fixed(numpy_sum, 5), "0.00000");
    }

    // Python: f'{w:3f}' is width 3 with precision 6; the width never truncates.
    #[test]
    fn width_f_is_a_minimum_width() {
        assert_eq!(width_f(1.2f32, 3, 6), "1.200000");
        assert_eq!(width_f(0.0, 3, 6), "0.000000");
        assert_eq!(width_f(1.0, 10, 2), "      1.00");
        assert_eq!(width_f(-1.0, 6, 2), " -1.00");
    }

    // Python: repr switches to exponent form for exponents < -4 or >= 16, with a sign
    // and at least two exponent digits.
    #[test]
    fn repr_matches_python() {
        assert_eq!(repr(-5.423830273798558e-09), "-5.423830273798558e-09");
        assert_eq!(repr(1.3320399228078372e-09), "1.3320399228078372e-09");
        assert_eq!(repr(0.0001), "0.0001");
        assert_eq!(repr(0.00001), "1e-05");
        assert_eq!(repr(1.5e-300), "1.5e-300");
        assert_eq!(repr(123456789012345.6), "123456789012345.6");
        assert_eq!(repr(1e15), "1000000000000000.0");
        assert_eq!(repr(1.2345e16), "1.2345e+16");
        assert_eq!(repr(1e100), "1e+100");
        assert_eq!(repr(0.0), "0.0");
        assert_eq!(repr(-0.0), "-0.0");
        assert_eq!(repr(f64::NAN), "nan");
        assert_eq!(repr(f64::NEG_INFINITY), "-inf");
    }

    // Python: repr((3,)) is '(3,)', repr(()) is '()'.
    #[test]
    fn tuple_matches_python() {
        assert_eq!(tuple(&[3]), "(3,)");
        assert_eq!(tuple(&[]), "()");
        assert_eq!(tuple(&[2, 3, 4]), "(2, 3, 4)");
    }

    // loss.item() of an f32 loss is the f64 of the f32, printed with the f64's digits.
    #[test]
    fn repr_of_widened_f32() {
        assert_eq!(repr(209.958_34_f32 as f64), "209.95834350585938");
        assert_eq!(repr(-2.208_526_8_f32 as f64), "-2.208526849746704");
        assert_eq!(repr(0.1f32 as f64), "0.10000000149011612");
    }
}
