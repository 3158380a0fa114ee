import { type AutoApproveCondition, canAutoApprove, parseAutoApproveConfig } from './auto-approval';

function consumer(grants: string[], callbackUrl = 'https://tool.example.org/callback', callbackIsPrefix = false) {
  return { grants, callbackUrl, callbackIsPrefix };
}

describe('canAutoApprove', () => {
  // MediaWiki tests/phpunit/unit/Control/WorkflowTest.php, provideConsumerCanBeAutoApproved.
  it.each<[string, AutoApproveCondition[], string[], boolean]>([
    ['empty', [], ['basic'], false],
    ['good grants', [{ grants: ['basic', 'editpage'] }], ['basic'], true],
    ['bad grants', [{ grants: ['basic', 'editpage'] }], ['import'], false],
    ['good and bad grants', [{ grants: ['basic', 'editpage'] }], ['basic', 'import'], false],
    ['multiple conditions 1', [{ grants: ['basic', 'editpage'] }, { grants: ['import'] }], ['import'], true],
    [
      'multiple conditions 2',
      [{ grants: ['basic', 'editpage'] }, { grants: ['import'] }],
      ['basic', 'editpage', 'import'],
      false,
    ],
    ['unknown rule', [{ grants: ['basic', 'editpage'], unknown: true }], ['basic'], false],
  ])('WorkflowTest "%s"', (_name, conditions, grants, expected) => {
    expect(canAutoApprove(consumer(grants), conditions)).toBe(expected);
  });

  // The `protocols` rule (docs/mediawiki-compatibility.md#proposals): the callback scheme, without ':', is in the list.
  it.each<[string, AutoApproveCondition[], string, boolean]>([
    ['allowed protocol', [{ protocols: ['https'] }], 'https://tool.example.org/cb', true],
    ['disallowed protocol', [{ protocols: ['https'] }], 'http://tool.example.org/cb', false],
    ['allowed custom scheme', [{ protocols: ['org.example.app'] }], 'org.example.app:/oauth', true],
    ['scheme compared without case', [{ protocols: ['HTTPS'] }], 'HTTPS://tool.example.org/cb', true],
    ['protocol and grants both hold', [{ grants: ['basic'], protocols: ['https'] }], 'https://a.example/cb', true],
    ['protocol holds, grants do not', [{ grants: ['editpage'], protocols: ['https'] }], 'https://a.example/cb', false],
    ['grants hold, protocol does not', [{ grants: ['basic'], protocols: ['https'] }], 'http://a.example/cb', false],
    ['an unparseable callback has no scheme', [{ protocols: ['https'] }], 'not a url', false],
    ['an empty callback has no scheme', [{ protocols: ['https'] }], '', false],
    ['grants alone ignore the callback', [{ grants: ['basic'] }], '', true],
  ])('%s', (_name, conditions, callbackUrl, expected) => {
    expect(canAutoApprove(consumer(['basic'], callbackUrl), conditions)).toBe(expected);
  });

  // Port 1 with callbackIsPrefix accepts any port (docs/mediawiki-compatibility.md#callbacks), so a human
  // reviews it.
  it.each<[string, string, boolean, boolean]>([
    ['wildcard port with prefix', 'https://tool.example.org:1/cb', true, false],
    ['wildcard port written with a leading zero', 'https://tool.example.org:01/cb', true, false],
    ['wildcard port on a custom scheme', 'org.example.app://host:1/cb', true, false],
    ['port 1 without prefix is exact, not a wildcard', 'https://tool.example.org:1/cb', false, true],
    ['another port with prefix', 'https://tool.example.org:8443/cb', true, true],
    ['no port with prefix', 'https://tool.example.org/cb', true, true],
    ['an unparseable prefix callback', 'https://tool.example.org:99999/cb', true, false],
  ])('%s', (_name, callbackUrl, callbackIsPrefix, expected) => {
    const conditions = [{ grants: ['basic'] }, { protocols: ['https', 'org.example.app'] }];
    expect(canAutoApprove(consumer(['basic'], callbackUrl, callbackIsPrefix), conditions)).toBe(expected);
  });

  it.each<[string, AutoApproveCondition[], boolean]>([
    ['a condition with no rules approves nothing (MediaWiki would approve everything)', [{}], false],
    ['a rule value that is not a list fails', [{ grants: 'basic' as unknown as string[] }], false],
    ['an inherited property name is an unknown rule', [{ constructor: ['basic'] }], false],
    ['an empty grants list fits a consumer without grants only', [{ grants: [] }], false],
  ])('%s', (_name, conditions, expected) => {
    expect(canAutoApprove(consumer(['basic']), conditions)).toBe(expected);
  });

  it('approves a consumer with no grants under any grants rule', () => {
    expect(canAutoApprove(consumer([]), [{ grants: [] }])).toBe(true);
  });
});

describe('parseAutoApproveConfig', () => {
  it.each<[string, unknown, AutoApproveCondition[]]>([
    ['unset', undefined, []],
    ['blank', '  ', []],
    ['an empty list', '[]', []],
    ['grants', '[{"grants":["basic","editpage"]}]', [{ grants: ['basic', 'editpage'] }]],
    [
      'protocols, lower-cased',
      '[{"protocols":["HTTPS","org.example.app"]}]',
      [{ protocols: ['https', 'org.example.app'] }],
    ],
    [
      'several conditions',
      '[{"grants":["basic"]},{"grants":["import"],"protocols":["https"]}]',
      [{ grants: ['basic'] }, { grants: ['import'], protocols: ['https'] }],
    ],
    ['an already parsed value', [{ grants: ['basic'] }], [{ grants: ['basic'] }]],
  ])('reads %s', (_name, raw, expected) => {
    expect(parseAutoApproveConfig(raw)).toEqual(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['broken JSON', '[{"grants":', /^AUTO_APPROVE is not valid JSON: /],
    ['an object instead of a list', '{"grants":["basic"]}', /^AUTO_APPROVE must be a JSON array/],
    ['a number', 42, /^AUTO_APPROVE must be a JSON array/],
    ['a condition that is not an object', '["basic"]', /^AUTO_APPROVE\[0\] must be an object/],
    ['a null condition', '[{"grants":["a"]},null]', /^AUTO_APPROVE\[1\] must be an object/],
    ['a condition that is a list', '[["basic"]]', /^AUTO_APPROVE\[0\] must be an object/],
    [
      'a misspelt rule',
      '[{"grant":["basic"]}]',
      /^AUTO_APPROVE\[0\] has an unknown rule "grant"; known rules: grants, protocols$/,
    ],
    ['a __proto__ rule', '[{"__proto__":["basic"]}]', /^AUTO_APPROVE\[0\] has an unknown rule "__proto__"/],
    ['a condition with no rules', '[{}]', /^AUTO_APPROVE\[0\] has no rules/],
    [
      'grants that are a string',
      '[{"grants":"basic"}]',
      /^AUTO_APPROVE\[0\]\.grants must be an array of non-empty strings$/,
    ],
    ['a non-string grant', '[{"grants":["basic",3]}]', /^AUTO_APPROVE\[0\]\.grants must be an array/],
    ['an empty grant name', '[{"grants":[""]}]', /^AUTO_APPROVE\[0\]\.grants must be an array/],
    [
      'a scheme with a colon',
      '[{"protocols":["https:"]}]',
      /^AUTO_APPROVE\[0\]\.protocols has "https:"; write a bare scheme/,
    ],
    ['a scheme with slashes', '[{"protocols":["https://"]}]', /^AUTO_APPROVE\[0\]\.protocols has "https:\/\/"/],
    ['protocols that are not a list', '[{"protocols":null}]', /^AUTO_APPROVE\[0\]\.protocols must be an array/],
  ])('refuses %s', (_name, raw, message) => {
    expect(() => parseAutoApproveConfig(raw)).toThrow(message);
  });

  it('returns conditions that canAutoApprove applies', () => {
    const conditions = parseAutoApproveConfig('[{"grants":["basic"],"protocols":["HTTPS"]}]');
    expect(canAutoApprove(consumer(['basic'], 'https://tool.example.org/cb'), conditions)).toBe(true);
    expect(canAutoApprove(consumer(['basic'], 'http://tool.example.org/cb'), conditions)).toBe(false);
  });
});
