import { describe, expect, it } from 'vitest';
import { StepPlanner } from './webgpu-mf-plan';

/** Each touched row of planned step s → its occurrences' snapshot rows, from the flat plan. */
function rowsOf(planner: StepPlanner, s: number): Map<number, number[]> {
  const { groups } = planner;
  const step = planner.steps[s]!;
  const offsetsAt = step.groupOffset + step.rowCount;
  const othersAt = offsetsAt + step.rowCount + 1;
  const byRow = new Map<number, number[]>();
  for (let r = 0; r < step.rowCount; r++) {
    const others: number[] = [];
    for (let o = groups[offsetsAt + r]!; o < groups[offsetsAt + r + 1]!; o++) others.push(groups[othersAt + o]!);
    byRow.set(groups[step.groupOffset + r]!, others);
  }
  return byRow;
}

describe('StepPlanner', () => {
  // 3 users, 4 movies: user rows 0..2, movie rows 3..6.
  const columns = {
    user: Int32Array.of(1, 0, 1, 2, 0, 2, 1),
    movie: Int32Array.of(3, 3, 0, 3, 1, 2, 2),
    rating: Float32Array.of(4, 3.5, 2, 5, 1, 0.5, 3),
  };

  it("lists every rating under both of its rows, pointing at the other side's snapshot row", () => {
    const planner = new StepPlanner(3, 4, 4, 2);
    planner.plan(columns, undefined, 0, 4, 1);
    expect(planner.stepCount).toBe(1);
    const step = planner.steps[0]!;
    expect(step).toMatchObject({ batchSize: 4, rowCount: 5, pairOffset: 0, ratingOffset: 0, groupOffset: 0 });
    expect(Array.from(planner.pairRows.subarray(0, 8))).toEqual([1, 0, 1, 2, 6, 6, 3, 6]);
    expect(Array.from(planner.ratings.subarray(0, 4))).toEqual([4, 3.5, 2, 5]);
    const byRow = rowsOf(planner, 0);
    // A user row's occurrence points at the movie's copy (2j + 1), a movie row's at the user's (2j).
    expect(byRow.get(1)).toEqual([1, 5]); // user 1 rated in batch positions 0 and 2
    expect(byRow.get(0)).toEqual([3]);
    expect(byRow.get(6)).toEqual([0, 2, 6]); // movie 3 rated at positions 0, 1, 3
    expect(byRow.get(3)).toEqual([4]); // movie 0
    expect(byRow.get(2)).toEqual([7]);
    expect(planner.groupLength).toBe(5 + 6 + 8);
  });

  it('plans consecutive steps back to back in one set of arrays, the last one short, in the given order', () => {
    const planner = new StepPlanner(3, 4, 3, 4);
    const order = Int32Array.of(6, 5, 4, 3, 2, 1, 0);
    planner.plan(columns, order, 0, 3, 4);
    expect(planner.stepCount).toBe(3); // 3 + 3 + 1 ratings
    expect(planner.steps.slice(0, 3).map((s) => s.batchSize)).toEqual([3, 3, 1]);
    expect(planner.steps.slice(0, 3).map((s) => s.pairOffset)).toEqual([0, 6, 12]);
    expect(planner.steps.slice(0, 3).map((s) => s.ratingOffset)).toEqual([0, 3, 6]);
    expect(Array.from(planner.ratings.subarray(0, 7))).toEqual([3, 0.5, 1, 5, 2, 3.5, 4]);
    // Step 1 holds rows 3, 2, 1 of the columns: users 2, 1, 0 and movies 3, 0, 3.
    expect(Array.from(planner.pairRows.subarray(6, 12))).toEqual([2, 1, 0, 6, 3, 6]);
    const second = rowsOf(planner, 1);
    expect(second.get(6)).toEqual([0, 4]);
    expect(planner.steps[1]!.groupOffset).toBe(planner.steps[0]!.rowCount * 2 + 1 + 6);
    // The last step is row 0 alone; its groups start after the second step's.
    expect(rowsOf(planner, 2)).toEqual(
      new Map([
        [1, [1]],
        [6, [0]],
      ]),
    );
    // Starting later in the order plans from there.
    planner.plan(columns, order, 6, 3, 4);
    expect(planner.stepCount).toBe(1);
    expect(planner.ratings[0]).toBe(4);
  });

  it('refuses a plan larger than its arrays', () => {
    const planner = new StepPlanner(3, 4, 2, 2);
    expect(() => planner.plan(columns, undefined, 0, 3, 1)).toThrow(RangeError);
    expect(() => planner.plan(columns, undefined, 0, 2, 3)).toThrow(RangeError);
  });
});
