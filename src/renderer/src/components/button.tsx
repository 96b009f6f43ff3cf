import type { ButtonHTMLAttributes } from 'react';

export function Button({ variant = 'secondary', className, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' }) {
  return <button type="button" className={`button ${variant === 'primary' ? 'button-primary' : ''} ${className ?? ''}`.trim()} {...props} />;
}
