# src/auth/local.mk -- build fragment for this folder (included by the top Makefile.am).
