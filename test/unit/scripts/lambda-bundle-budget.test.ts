import { handlerNames } from '../../../scripts/terraform/lambda-permissions';
import { LAMBDA_BUNDLE_BUDGET_BYTES, lambdaBundleSizes } from '../../../scripts/lambda-bundle-budget';
import { present } from '../../support/present';

// The Lambda bundles as `npm run build` wrote them stay within their budgets (npm test builds first).

describe('Lambda bundle sizes', () => {
  test('every function has a budget, and only functions do', () => {
    expect(Object.keys(LAMBDA_BUNDLE_BUDGET_BYTES).sort()).toEqual(handlerNames());
  });

  test.each(handlerNames())('build/functions/%s/index.mjs is within its budget', (name) => {
    const [size] = lambdaBundleSizes([name]);
    expect(size?.bytes).toBeGreaterThan(0);
    expect(size?.bytes).toBeLessThanOrEqual(present(LAMBDA_BUNDLE_BUDGET_BYTES[name], `a budget for ${name}`));
  });
});
