import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { parseScenarioText } from '../../src/scenarios/load.js';
import { formatProblem } from '../../src/world/load.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mews-sim-validate-'));

const GROSS = 'A41F9C2E7D5B4E08A3C6F1D9B7E5A2C4-0F8E6D4C2B1A9F7E5D3C1B0A8F6E4D2';
const price = (from: string, to: string) => `{ "type": "setPrice", "connection": "${GROSS}", "ratePlanCode": "BAR", "spaceTypeCode": "DBL", "from": "${from}", "to": "${to}", "price": 10 }`;
const expect_ = (body: string) => `{ "type": "expectCall", "operation": "processGroup", "within": "1s", "body": ${body} }`;

/**
 * One mistake per step, one step per line: [step JSON, the path reported, a piece of the reason,
 * the text on that line the column must point at].
 */
const MISTAKES: [string, string, string, string][] = [
  // Matchers: names, argument types, regexes.
  [expect_('{ "n": { "$length": "three" } }'), '$.steps[0].body.n.$length', '$length takes a whole number or {"min": number, "max": number}', '"$length"'],
  [expect_('{ "n": { "$regex": "([" } }'), '$.steps[1].body.n.$regex', 'the $regex pattern does not compile (/([/: Unterminated character class)', '"$regex"'],
  [expect_('{ "n": { "$regx": "^a" } }'), '$.steps[2].body.n.$regx', 'unknown matcher $regx (did you mean $regex?)', '"$regx"'],
  [expect_('{ "n": { "$oneof": [1, 2] } }'), '$.steps[3].body.n.$oneof', 'unknown matcher $oneof (did you mean $oneOf?)', '"$oneof"'],
  [expect_('{ "n": { "$range": { "min": "a lot" } } }'), '$.steps[4].body.n.$range.min', '$range takes {"min": number, "max": number}', '"min"'],
  [expect_('{ "n": { "$type": "text" } }'), '$.steps[5].body.n.$type', '$type takes one of "string", "number"', '"$type"'],
  [expect_('{ "n": { "$lenght": 2 } }'), '$.steps[6].body.n.$lenght', 'did you mean $length?', '"$lenght"'],
  [expect_('{ "n": { "$not": { "$tpye": "string" } } }'), '$.steps[7].body.n.$not.$tpye', 'did you mean $type?', '"$tpye"'],
  [expect_('{ "n": { "$distinct": { "mn": 2 } } }'), '$.steps[8].body.n.$distinct', 'unknown key "mn" (did you mean "min"?)', '"$distinct"'],
  [expect_('{ "n": { "$any": true, "extra": 1 } }'), '$.steps[9].body.n.$any', 'a matcher must be the only key of its object', '"$any"'],
  [expect_('{ "n": { "$length": -1 } }'), '$.steps[10].body.n.$length', '$length takes a whole number', '"$length"'],
  [expect_('{ "n": { "$oneOf": [{ "$regex": "[" }] } }'), '$.steps[11].body.n.$oneOf[0].$regex', 'does not compile', '"$regex"'],
  // Dates.
  [price('tomorrow', 'today'), '$.steps[12].from', 'write "today+1"', '"from"'],
  [price('today', 'today + 3'), '$.steps[13].to', 'write "today+3" without spaces', '"to"'],
  [price('today+1d', 'today+2'), '$.steps[14].from', 'count in days without a unit: "today+1"', '"from"'],
  [price('today', '2027-02-30'), '$.steps[15].to', '2027-02-30 is not a day of the calendar', '"to"'],
  [price('2027-13-01', '2027-12-01'), '$.steps[16].from', '2027-13-01 is not a day of the calendar', '"from"'],
  [price('next week', 'today'), '$.steps[17].from', '"next week" is not a date: use "today", "today+N", "today-N" or a calendar date yyyy-MM-dd', '"from"'],
  // Operations of both APIs, fields.
  ['{ "type": "expectCall", "direction": "outbound", "operation": "updateAvailabilty" }', '$.steps[18].operation', 'unknown operation "updateAvailabilty" (did you mean "updateAvailability"?)', '"operation"'],
  ['{ "type": "expectCall", "operation": "processGroup", "withn": "2s" }', '$.steps[19].withn', 'unknown field "withn" (did you mean "within"?)', '"withn"'],
  ['{ "type": "expectCall", "operation": "updatePrices" }', '$.steps[20].operation', 'updatePrices is an outbound operation (mews-sim calls the partner): add "direction": "outbound"', '"operation"'],
  ['{ "type": "expectCall", "operation": "reservations/getAl/2023-06-06" }', '$.steps[21].operation', 'did you mean "reservations/getAll/2023-06-06"?', '"operation"'],
  ['{ "type": "fault", "operation": "getConfiguraton", "fault": { "errorCode": 1 } }', '$.steps[22].operation', 'unknown Channel Manager API operation "getConfiguraton" (did you mean "getConfiguration"?)', '"operation"'],
  ['{ "type": "fault", "operation": "reservations/getAll/2023-06-06", "fault": { "httpStatus": 500 } }', '$.steps[23].operation', 'is a Connector API operation: add "api": "connector"', '"operation"'],
  ['{ "type": "fault", "operation": "getConfiguration", "fault": { "errorcode": 1 } }', '$.steps[24].fault.errorcode', 'unknown field "errorcode" (did you mean "errorCode"?)', '"errorcode"'],
  [`{ "type": "push", "operation": "updateAvailability", "connection": "${GROSS}", "from": "today", "to": "today", "expect": { "stauts": 200 } }`, '$.steps[25].expect.stauts', 'did you mean "status"?', '"stauts"'],
  ['{ "type": "expectCal", "operation": "processGroup" }', '$.steps[26].type', 'unknown step type "expectCal" (did you mean "expectCall"?)', '"type"'],
  ['{ "type": "wiat", "duration": "1s" }', '$.steps[27].type', 'did you mean "wait"?', '"type"'],
  ['{ "type": "wait", "duration": "soon" }', '$.steps[28].duration', 'a duration like 500ms, 2s or 1m', '"duration"'],
  // Variables and step ids.
  ['{ "type": "expectCall", "operation": "processGroup", "body": { "channelManagerId": "${bookingId}" } }', '$.steps[29].body.channelManagerId', '${bookingId} is never captured or declared', '"channelManagerId"'],
  ['{ "type": "expectCall", "operation": "processGroup", "body": { "x": "${later}" } }', '$.steps[30].body.x', '${later} is used before it is captured: step 32 captures it later', '"x"'],
  ['{ "id": "late", "type": "expectCall", "operation": "processGroup", "capture": { "later": "$.x" } }', '', '', ''],
  ['{ "type": "expectCall", "operation": "processGroup", "since": "nowhere" }', '$.steps[32].since', 'no earlier step has the id "nowhere"', '"since"'],
  ['{ "id": "late", "type": "wait", "duration": 1 }', '$.steps[33].id', 'duplicate step id "late" (step 32 has it too)', '"id"'],
  ['{ "type": "expectCall", "operation": "processGroup", "never": true, "count": 2 }', '$.steps[34].count', 'use one of "never", "atMost" and "count"', '"count"'],
  ['{ "type": "set", "variables": { "x": "${MEWS_SIM_VAR_TOKEN}" } }', '', '', ''],
];

const file = (text: string, name = 'mistakes.json') => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const text = `{
  "name": "every mistake",
  "steps": [
${MISTAKES.map(([step]) => `    ${step}`).join(',\n')}
  ]
}
`;

describe('validate finds every mistake before running', () => {
  const r = parseScenarioText(text, 'mistakes.json');
  const lines = 'problems' in r ? r.problems.map(formatProblem) : [];
  const textLines = text.split('\n');

  it.each(MISTAKES.map((m, i) => [i, ...m] as const).filter(([, , path]) => path))('step %i: %s', (i, _step, path, reason, pointAt) => {
    const line = 4 + i;
    const column = textLines[line - 1].indexOf(pointAt) + 1;
    const hit = lines.find((l) => l.startsWith(`mistakes.json:${line}:${column} ${path}: `));
    expect({ hit: hit ?? lines.filter((l) => l.startsWith(`mistakes.json:${line}:`)), reason }).toEqual({ hit: expect.stringContaining(reason), reason });
  });

  it('finds nothing more than the mistakes (an environment name is allowed, a capture defines a variable)', () => {
    expect(lines.length).toBe(MISTAKES.filter(([, path]) => path).length);
  });

  it('gives a JSON syntax error its line, column and a plain reason', () => {
    const cases: [string, number, number, string][] = [
      ['{\n  "name": "x",\n  "steps": [{ "type": "wait", "duration": 1 },]\n}', 3, 46, 'a trailing comma before "]"'],
      ['{\n  "name": "x",\n}', 2, 14, 'a trailing comma before "}"'],
      ['{\n  "name": "x"\n  "steps": []\n}', 3, 3, 'expected "," or "}" after a value, found a string (a comma may be missing)'],
      ["{\n  'name': 'x'\n}", 2, 3, 'property names need double quotes'],
      ['{\n  "name": "x",\n  "steps": [', 3, 13, 'the file ends where a value should be'],
      ['{ "name": "\\d" }', 1, 12, 'is not a JSON escape'],
    ];
    for (const [json, line, column, reason] of cases) {
      const p = parseScenarioText(json, 'bad.json');
      expect('problems' in p && formatProblem(p.problems[0])).toBe(`bad.json:${line}:${column} $: not valid JSON: ${'problems' in p ? p.problems[0].message.replace('not valid JSON: ', '') : ''}`);
      expect('problems' in p && p.problems[0].message).toContain(reason);
    }
  });

  it('mews-sim validate prints each problem and a summary line for a folder, exit 2', async () => {
    file(text, 'folder/mistakes.json');
    file('{"name": "ok", "steps": [{"type": "wait", "duration": 1}]}', 'folder/ok.json');
    file('{"name": "x",}', 'folder/comma.json');
    const err = await run('node', ['dist/cli/main.js', 'validate', join(dir, 'folder')]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('mistakes.json:4:');
    expect(err.stderr).toMatch(/comma\.json:1:13 \$: not valid JSON: a trailing comma/);
    expect(err.stderr).toContain(`3 file(s): 1 valid, 2 with problems (${MISTAKES.filter(([, path]) => path).length + 1} problem(s))`);
    expect(err.stdout).toContain('ok.json: ok (1 steps)');
  });
});
