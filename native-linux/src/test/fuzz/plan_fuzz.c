/*
 * libFuzzer target for the init plan reader: arbitrary bytes go to plan_parse, the function
 * jrunc-init runs on what arrives over its socket. Any crash, sanitizer report or leak fails.
 */
#include "plan.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct plan p;

	/* jrunc-init never reads more than the limit; the header check alone must hold for any size. */
	(void)plan_header_total(data, size, err, sizeof err);
	if (size > PLAN_MAX_TOTAL)
		return 0;
	/* Freed on failure too: plan_parse leaves a partly read plan that plan_free must handle. */
	(void)plan_parse(data, size, &p, err, sizeof err);
	plan_free(&p);
	return 0;
}
