// REST request/response shapes shared by the Hono routes and the client.
import { z } from 'zod';

export const signInRequest = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address'),
  password: z.string().min(1, 'Enter your password').max(512),
  remember: z.boolean().default(false),
});
export type SignInRequest = z.input<typeof signInRequest>;

/** A tenant's users are agents, supervisors or admins; the service provider's operators belong to no tenant. */
export const TENANT_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export const ROLES = [...TENANT_ROLES, 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is signed in: a tenant's user, or an operator (no tenant, no extensions). */
export type Me = TenantMe | OperatorMe;

export interface TenantMe {
  id: string;
  email: string;
  name: string;
  role: TenantRole;
  tenant: { id: string; name: string; domain: string };
  extensions: string[];
}

export interface OperatorMe {
  id: string;
  email: string;
  name: string;
  role: 'operator';
  tenant: null;
  extensions: [];
}

/** Every error a route returns has this shape and a 4xx/5xx status. */
export interface ApiError {
  error: string;
}

/** One extension of the tenant on the Colleagues page: its number and whose it is (the owner, else its caller ID name). */
export interface Colleague {
  number: string;
  name: string;
}
