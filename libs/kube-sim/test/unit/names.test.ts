import { strict as assert } from 'node:assert';
import { validateDns1035Label, validateDnsLabel, validateDnsSubdomain, validateLabelValue, validatePathSegmentName, validateQualifiedName } from '../../src/objects/names.js';

describe('name validation', () => {
  it('accepts DNS subdomains up to 253 characters and nothing else', () => {
    assert.deepEqual(validateDnsSubdomain('web.example-1'), []);
    assert.equal(validateDnsSubdomain('a'.repeat(254))[0], 'must be no more than 253 characters');
    assert.equal(validateDnsSubdomain('Web').length, 1);
  });

  it('distinguishes RFC 1123 labels from DNS-1035 labels', () => {
    assert.deepEqual(validateDnsLabel('1abc'), []);
    assert.equal(validateDns1035Label('1abc').length, 1);
    assert.equal(validateDnsLabel('a.b').length, 1);
  });

  it('allows RBAC names that are path segments', () => {
    assert.deepEqual(validatePathSegmentName('system:controller:x'), []);
    assert.deepEqual(validatePathSegmentName('a/b'), ["may not contain '/'"]);
    assert.deepEqual(validatePathSegmentName('..'), ["may not be '..'"]);
  });

  it('validates label keys and values with apimachinery\'s words', () => {
    assert.deepEqual(validateQualifiedName('app.kubernetes.io/name'), []);
    assert.deepEqual(validateQualifiedName('example.com/'), ['name part must be non-empty']);
    assert.match(validateQualifiedName('a/b/c')[0]!, /with an optional DNS subdomain prefix and '\/'/);
    assert.deepEqual(validateLabelValue(''), []);
    assert.match(validateLabelValue('-x')[0]!, /^a valid label must be an empty string or consist of alphanumeric characters/);
  });
});
