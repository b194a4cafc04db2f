/** Engine version recorded in every journal line and report (bump when decisions could change). */
export const ENGINE_VERSION = '0.1.0';
