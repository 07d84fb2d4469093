import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArxivId } from '../../../src/index.js';

describe('parseArxivId', () => {
  it.each([
    ['2401.01234', { id: '2401.01234' }],
    ['2401.01234v2', { id: '2401.01234', version: 2 }],
    ['arXiv:2401.01234v3', { id: '2401.01234', version: 3 }],
    ['https://arxiv.org/abs/2202.01615v1', { id: '2202.01615', version: 1 }],
    ['https://arxiv.org/pdf/2202.01615v1.pdf', { id: '2202.01615', version: 1 }],
    ['https://arxiv.org/pdf/2202.01615', { id: '2202.01615' }],
    ['http://www.arxiv.org/html/2110.00857v3/', { id: '2110.00857', version: 3 }],
    ['http://export.arxiv.org/abs/2110.00857?context=cs', { id: '2110.00857' }],
    ['oai:arXiv.org:2508.13141v1', { id: '2508.13141', version: 1 }],
    ['0704.0001', { id: '0704.0001' }],
    ['hep-th/9901001', { id: 'hep-th/9901001' }],
    ['hep-th/9901001v2', { id: 'hep-th/9901001', version: 2 }],
    ['math.GT/0309136', { id: 'math/0309136' }],
    ['https://arxiv.org/abs/cond-mat/0207270', { id: 'cond-mat/0207270' }],
  ])('reads %s', (text, expected) => {
    expect(parseArxivId(text)).toEqual(expected);
  });

  it.each([
    '',
    'NoProp',
    '2413.01234', // month 13
    '1412.12345', // five digits before 2015
    '1501.1234', // four digits after 2014
    '0612.0001', // new style before April 2007
    'https://example.com/abs/2401.01234',
    '2401.01234v0',
    'hep-th/99010',
    '<@U123> 2401.01234',
    '2401.01234'.repeat(30),
  ])('rejects %j', (text) => {
    expect(parseArxivId(text)).toBeUndefined();
  });

  it('gives the same unversioned id for every version and wrapper of one paper', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 29 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('', 'arXiv:', 'https://arxiv.org/abs/', 'https://arxiv.org/pdf/', 'oai:arXiv.org:'),
        (yy, mm, num, version, wrapper) => {
          const id = `${yy}${String(mm).padStart(2, '0')}.${String(num).padStart(5, '0')}`;
          expect(parseArxivId(`${wrapper}${id}v${version}`)).toEqual({ id, version });
          expect(parseArxivId(`${wrapper}${id}`)).toEqual({ id });
        },
      ),
    );
  });
});
