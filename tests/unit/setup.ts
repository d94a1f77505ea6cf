import 'fake-indexeddb/auto';
// DOM matchers (toBeInTheDocument, toHaveAccessibleName, …): a failure then says what the element lacks, not "expected null to be truthy".
import '@testing-library/jest-dom/vitest';
