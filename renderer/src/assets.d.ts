// Vite bundles imported stylesheets into a file linked from index.html (no inline styles: CSP).
declare module '*.css';
