"""Reference outputs of XorShift (splitmix64 seeding, then xorshift64*), for tests/rng.rs.

An independent implementation in Python integers, from the published algorithms:
  splitmix64: Steele, Lea, Flood (2014), https://prng.di.unimi.it/splitmix64.c
  xorshift64*: Vigna (2016), "An experimental exploration of Marsaglia's xorshift generators".
Run by hand (python3 tests/reference/xorshift.py) and paste the printed table into the test.
"""
import math

MASK = (1 << 64) - 1


def splitmix64(seed):
    z = (seed + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def unsplitmix64(z):
    """The seed s with splitmix64(s) == z: each step of splitmix64 undone."""
    def unxorshift(z, s):
        x = z
        for _ in range(64 // s + 1):
            x = z ^ (x >> s)
        return x
    z = unxorshift(z, 31)
    z = (z * pow(0x94D049BB133111EB, -1, 1 << 64)) & MASK
    z = unxorshift(z, 27)
    z = (z * pow(0xBF58476D1CE4E5B9, -1, 1 << 64)) & MASK
    z = unxorshift(z, 30)
    return (z - 0x9E3779B97F4A7C15) & MASK


class XorShift:
    def __init__(self, seed):
        self.state = splitmix64(seed) or 1

    def next_u64(self):
        x = self.state
        x ^= x >> 12
        x ^= (x << 25) & MASK
        x ^= x >> 27
        self.state = x
        return (x * 0x2545F4914F6CDD1D) & MASK

    def next_f64(self):
        return (self.next_u64() >> 11) * 2.0**-53

    def normal(self):
        while True:
            u = 2.0 * self.next_f64() - 1.0
            v = 2.0 * self.next_f64() - 1.0
            s = u * u + v * v
            if 0.0 < s < 1.0:
                return u * math.sqrt(-2.0 * math.log(s) / s)


zero_seed = unsplitmix64(0)
assert splitmix64(zero_seed) == 0
print(f"// the seed that splitmix64 maps to state 0: {zero_seed:#018x}")
for seed in [0, 1, 2, 42, MASK, zero_seed]:
    rng = XorShift(seed)
    u64s = ", ".join(f"{rng.next_u64():#018x}" for _ in range(4))
    rng = XorShift(seed)
    normals = ", ".join(repr(rng.normal()) for _ in range(4))
    print(f"({seed:#018x}, [{u64s}], [{normals}]),")
