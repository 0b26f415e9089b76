// Bad input from the playground page answers 400 with the reason; anything else is the server's 500.
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';

export class BadInput extends Error {
  readonly status = 400;
}

export function badInput(message: string): BadInput {
  return new BadInput(message);
}

export const playgroundErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (error instanceof BadInput) return void res.status(400).json({ error: error.message });
  if (error instanceof z.ZodError)
    return void res
      .status(400)
      .json({ error: 'invalid request', issues: error.issues.map((issue) => issue.message) });
  next(error);
};
