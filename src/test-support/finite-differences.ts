import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/**
 * Checks the autodiff gradient of `loss` for every element of every variable against central
 * finite differences. Points where the loss has a kink within ±ε (a ReLU switching) have no
 * derivative to compare: their one-sided slopes disagree, and they are skipped. Returns how many
 * elements were checked.
 */
export async function expectGradientsMatchFiniteDifferences(
  loss: () => tf.Scalar,
  variables: tf.Variable[],
  epsilon: number,
): Promise<number> {
  const { value, grads } = tf.variableGrads(loss, variables);
  value.dispose();
  let checked = 0;
  for (const variable of variables) {
    const analytic = await grads[variable.name].data();
    const original = await variable.data();
    for (let j = 0; j < original.length; j++) {
      const lossAt = (delta: number) => {
        const shifted = Float32Array.from(original);
        shifted[j] += delta;
        variable.assign(tf.tensor(shifted, variable.shape));
        const l = loss();
        const v = l.dataSync()[0];
        l.dispose();
        return v;
      };
      const [above, at, below] = [lossAt(epsilon), lossAt(0), lossAt(-epsilon)];
      variable.assign(tf.tensor(original, variable.shape));
      const forward = (above - at) / epsilon;
      const backward = (at - below) / epsilon;
      if (Math.abs(forward - backward) > 0.02) continue;
      expect(analytic[j]).toBeCloseTo((forward + backward) / 2, 2);
      checked++;
    }
  }
  tf.dispose(Object.values(grads));
  return checked;
}
