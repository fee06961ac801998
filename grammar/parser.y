/* placeholder: the grammar room replaces this with the whole language */
%code provides { int yylex(void); void yyerror(const char *msg); }
%token WORD
%%
script: %empty ;
%%
