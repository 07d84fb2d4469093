import { z } from 'zod';
import { MAX_QUERY_LENGTH } from '../search/query-syntax.js';

/** Options several commands share, so a paper is asked for (and limited) the same way everywhere. */
export const paperOption = z.string().trim().min(1).max(MAX_QUERY_LENGTH).describe('Paper id, arXiv id or link, or title words');
export const pageOption = z.number().int().min(1).max(100).describe('Result page, from 1');
