// REST request/response shapes shared by the Hono routes and the client.
import { z } from 'zod';

export const signInRequest = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address'),
  password: z.string().min(1, 'Enter your password').max(512),
  remember: z.boolean().default(false),
});
export type SignInRequest = z.input<typeof signInRequest>;

export type Role = 'agent' | 'supervisor' | 'admin';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenant: { id: string; name: string; domain: string };
  extensions: string[];
}

/** Every error a route returns has this shape and a 4xx/5xx status. */
export interface ApiError {
  error: string;
}
