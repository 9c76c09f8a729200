// Powers of two, natural alignment and buddies, in page numbers.
//
// A block of order k at page b covers the 2^k pages [b, b + 2^k). It is naturally aligned when b is a multiple
// of 2^k. Its buddy is the other half of the order-(k+1) block that contains it: page b xor 2^k. The model keeps to
// plain arithmetic (no bit vectors) so that the compiled oracle works on unbounded page numbers; BuddyOf below is
// b xor 2^k written as "the other half", and the lemmas here are the only places that reason about division.
module BlockArithmetic {

  function Pow2(k: nat): nat
    ensures Pow2(k) >= 1
  {
    if k == 0 then 1 else 2 * Pow2(k - 1)
  }

  predicate Aligned(b: nat, k: nat) {
    b % Pow2(k) == 0
  }

  function Min(a: nat, b: nat): nat { if a <= b then a else b }

  function Max(a: nat, b: nat): nat { if a <= b then b else a }

  // b xor 2^k: bit k of b is (b / 2^k) % 2; flipping it adds or removes 2^k.
  function BuddyOf(b: nat, k: nat): nat {
    if (b / Pow2(k)) % 2 == 0 then b + Pow2(k)
    else QuotientBound(b, Pow2(k)); b - Pow2(k)
  }

  // The order-(k+1) block that holds the order-k block at b: b rounded down to a multiple of 2^(k+1).
  function ParentOf(b: nat, k: nat): nat {
    ModBelow(b, Pow2(k + 1));
    b - b % Pow2(k + 1)
  }

  // ---- division facts, each proved once ---------------------------------------------------------------------

  lemma QuotientBound(x: nat, d: nat)
    requires d > 0 && x / d >= 1
    ensures x >= d
  {
    assert x == (x / d) * d + x % d;
    MulMonotone(1, x / d, d);
  }

  lemma ModBelow(x: nat, d: nat)
    requires d > 0
    ensures x % d <= x
  {
    if x < d { DivModUnique(x, d, 0, x); }
  }

  lemma MulMonotone(a: nat, b: nat, d: nat)
    requires a <= b
    ensures a * d <= b * d
  {
  }

  // Division by d is determined by any decomposition x = q*d + r with 0 <= r < d.
  lemma DivModUnique(x: nat, d: nat, q: nat, r: nat)
    requires d > 0 && r < d && x == q * d + r
    ensures x / d == q && x % d == r
  {
    var q', r' := x / d, x % d;
    assert x == q' * d + r';
    if q' < q {
      MulMonotone(q' + 1, q, d);
      assert (q' + 1) * d == q' * d + d;
    } else if q < q' {
      MulMonotone(q + 1, q', d);
      assert (q + 1) * d == q * d + d;
    }
  }

  lemma AlignedIsMultiple(b: nat, k: nat)
    requires Aligned(b, k)
    ensures b == (b / Pow2(k)) * Pow2(k)
  {
  }

  lemma MultipleIsAligned(q: nat, k: nat)
    ensures Aligned(q * Pow2(k), k) && (q * Pow2(k)) / Pow2(k) == q
  {
    DivModUnique(q * Pow2(k), Pow2(k), q, 0);
  }

  lemma Pow2Add(a: nat, b: nat)
    ensures Pow2(a + b) == Pow2(a) * Pow2(b)
    decreases b
  {
    if b > 0 {
      Pow2Add(a, b - 1);
      assert Pow2(a + b) == 2 * Pow2(a + b - 1);
    }
  }

  lemma Pow2Monotone(a: nat, b: nat)
    requires a <= b
    ensures Pow2(a) <= Pow2(b)
    decreases b
  {
    if a < b { Pow2Monotone(a, b - 1); }
  }

  // Alignment to a larger order implies alignment to every smaller one.
  lemma AlignedDown(b: nat, j: nat, k: nat)
    requires j <= k && Aligned(b, k)
    ensures Aligned(b, j)
  {
    Pow2Add(j, k - j);
    var q := b / Pow2(k);
    AlignedIsMultiple(b, k);
    assert b == (q * Pow2(k - j)) * Pow2(j) by {
      assert q * Pow2(k) == q * (Pow2(k - j) * Pow2(j));
    }
    MultipleIsAligned(q * Pow2(k - j), j);
  }

  // The lower half of an aligned order-(k+1) block, in terms of its index at order k.
  lemma DoubleIndex(t: nat, k: nat)
    ensures (2 * t) * Pow2(k) == t * Pow2(k + 1)
    ensures (2 * t + 1) * Pow2(k) == t * Pow2(k + 1) + Pow2(k)
  {
    assert Pow2(k + 1) == 2 * Pow2(k);
  }

  // ---- buddies, halves and parents --------------------------------------------------------------------------

  // Everything about one buddy pair, as index arithmetic: b = q * 2^k, buddy = (q xor 1) * 2^k.
  lemma BuddyFacts(b: nat, k: nat)
    requires Aligned(b, k)
    ensures Aligned(BuddyOf(b, k), k)
    ensures BuddyOf(b, k) != b
    ensures BuddyOf(BuddyOf(b, k), k) == b
    ensures Aligned(Min(b, BuddyOf(b, k)), k + 1)
    ensures Max(b, BuddyOf(b, k)) == Min(b, BuddyOf(b, k)) + Pow2(k)
    ensures ParentOf(b, k) == Min(b, BuddyOf(b, k)) == ParentOf(BuddyOf(b, k), k)
  {
    var s := Pow2(k);
    var q := b / s;
    AlignedIsMultiple(b, k);
    var t := q / 2;
    var c := BuddyOf(b, k);
    if q % 2 == 0 {
      assert q == 2 * t;
      DoubleIndex(t, k);
      assert b == t * Pow2(k + 1);
      assert c == (2 * t + 1) * s;
      MultipleIsAligned(2 * t + 1, k);
      assert c / s == 2 * t + 1;
      assert BuddyOf(c, k) == b;
      MultipleIsAligned(t, k + 1);
      DivModUnique(b, Pow2(k + 1), t, 0);
      DivModUnique(c, Pow2(k + 1), t, s);
    } else {
      assert q == 2 * t + 1;
      DoubleIndex(t, k);
      assert b == t * Pow2(k + 1) + s;
      assert c == (2 * t) * s;
      MultipleIsAligned(2 * t, k);
      assert c / s == 2 * t;
      assert BuddyOf(c, k) == b;
      MultipleIsAligned(t, k + 1);
      DivModUnique(b, Pow2(k + 1), t, s);
      DivModUnique(c, Pow2(k + 1), t, 0);
    }
  }

  // The two halves of an aligned order-(k+1) block are each other's buddy at order k.
  lemma HalvesAreBuddies(b: nat, k: nat)
    requires Aligned(b, k + 1)
    ensures Aligned(b, k) && Aligned(b + Pow2(k), k)
    ensures BuddyOf(b, k) == b + Pow2(k)
    ensures BuddyOf(b + Pow2(k), k) == b
  {
    var t := b / Pow2(k + 1);
    AlignedIsMultiple(b, k + 1);
    DoubleIndex(t, k);
    MultipleIsAligned(2 * t, k);
    MultipleIsAligned(2 * t + 1, k);
    assert b + Pow2(k) == (2 * t + 1) * Pow2(k);
  }

  // Merging a block with its buddy gives their parent, of the next order, aligned to it.
  lemma MergeGivesParent(b: nat, k: nat)
    requires Aligned(b, k)
    ensures var p := ParentOf(b, k);
      && Aligned(p, k + 1)
      && p == Min(b, BuddyOf(b, k))
      && {b, BuddyOf(b, k)} == {p, p + Pow2(k)}
  {
    BuddyFacts(b, k);
  }

  // Split then merge is the identity: splitting the block at b of order k+1 and merging its lower half (or its
  // upper half) with that half's buddy gives back the block at b of order k+1.
  lemma SplitThenMerge(b: nat, k: nat)
    requires Aligned(b, k + 1)
    ensures ParentOf(b, k) == b && ParentOf(b + Pow2(k), k) == b
  {
    HalvesAreBuddies(b, k);
    BuddyFacts(b, k);
    BuddyFacts(b + Pow2(k), k);
  }

  // ---- the largest block that starts at p and ends by e -----------------------------------------------------

  predicate Fits(p: nat, e: nat, j: nat) {
    Aligned(p, j) && p + Pow2(j) <= e
  }

  // The contract's carving step: the largest j <= K with p a multiple of 2^j and p + 2^j <= e.
  // Opaque: proofs use LargestOrderIsLargest, not the scan.
  opaque function LargestOrder(p: nat, e: nat, K: nat): (r: nat)
    requires p < e
    ensures r <= K
  {
    LargestOrderFrom(p, e, K, 0)
  }

  function LargestOrderFrom(p: nat, e: nat, K: nat, j: nat): (r: nat)
    requires j <= K
    ensures j <= r <= K
    decreases K - j
  {
    if j < K && Fits(p, e, j + 1) then LargestOrderFrom(p, e, K, j + 1) else j
  }

  // Fitting is downward closed, so scanning up from 0 finds the largest fitting order.
  lemma FitsDown(p: nat, e: nat, i: nat, j: nat)
    requires i <= j && Fits(p, e, j)
    ensures Fits(p, e, i)
  {
    AlignedDown(p, i, j);
    Pow2Monotone(i, j);
  }

  lemma LargestOrderFromIsLargest(p: nat, e: nat, K: nat, j: nat)
    requires j <= K && Fits(p, e, j)
    ensures var r := LargestOrderFrom(p, e, K, j);
      && j <= r <= K && Fits(p, e, r) && forall i :: r < i <= K ==> !Fits(p, e, i)
    decreases K - j
  {
    if j < K && Fits(p, e, j + 1) {
      LargestOrderFromIsLargest(p, e, K, j + 1);
    } else {
      forall i | j < i <= K ensures !Fits(p, e, i) {
        if Fits(p, e, i) { FitsDown(p, e, j + 1, i); }
      }
    }
  }

  lemma LargestOrderIsLargest(p: nat, e: nat, K: nat)
    requires p < e
    ensures var r := LargestOrder(p, e, K);
      && r <= K && Fits(p, e, r) && forall i :: r < i <= K ==> !Fits(p, e, i)
  {
    reveal LargestOrder;
    LargestOrderFromIsLargest(p, e, K, 0);
  }

  // The smallest order k with 2^k >= n pages.
  function OrderFor(n: nat): nat
  {
    OrderFrom(n, 0)
  }

  function OrderFrom(n: nat, k: nat): nat
    decreases n - Pow2(k)
  {
    if Pow2(k) >= n then k else OrderFrom(n, k + 1)
  }

  lemma OrderFromIsSmallest(n: nat, k: nat)
    requires forall i: nat :: i < k ==> Pow2(i) < n
    ensures var r := OrderFrom(n, k);
      && r >= k && Pow2(r) >= n && forall i: nat :: i < r ==> Pow2(i) < n
    decreases n - Pow2(k)
  {
    if Pow2(k) < n { OrderFromIsSmallest(n, k + 1); }
  }

  lemma OrderForIsSmallest(n: nat, K: nat)
    requires n <= Pow2(K)
    ensures var r := OrderFor(n);
      && r <= K && Pow2(r) >= n && forall i: nat :: i < r ==> Pow2(i) < n
  {
    OrderFromIsSmallest(n, 0);
    if OrderFor(n) > K { assert Pow2(K) < n; }
  }
}
